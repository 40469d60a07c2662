import { describe, expect, it } from 'vitest';
import { RULES, ruleOf } from './actions';
import { PERMISSIONS } from './authorization';
import { checkOfficeHours } from './clock';
import { BadInputError, DomainError, ERROR_CODES, ForbiddenError, InvalidMessageError } from './errors';

describe('roles per action: one table', () => {
  it('has exactly one lifecycle rule per action, and the authorization table takes its roles from it', () => {
    const actions = RULES.map((rule) => rule.action);
    expect(new Set(actions).size).toBe(actions.length);
    const rows = Object.keys(PERMISSIONS).filter((operation) => operation.startsWith('DOSSIER_') && operation !== 'DOSSIER_READ');
    expect(rows.sort()).toEqual(actions.map((action) => `DOSSIER_${action}`).sort());
    for (const action of actions) {
      const grant = PERMISSIONS[`DOSSIER_${action}`];
      expect(grant === 'PUBLIC' ? [] : Object.keys(grant).sort(), action).toEqual([...ruleOf(action).roles].sort());
      // Actions happen on a dossier the caller's agency is part of; submitting, at the caller's own agency.
      expect(new Set(Object.values(grant)), action).toEqual(new Set([action === 'SUBMIT' ? 'OWN' : 'INVOLVED']));
    }
  });
});

describe('domain errors', () => {
  it('are named classes with their stable code, and keep what they translate as cause', () => {
    const forbidden = new ForbiddenError(undefined, { action: 'SIGN' });
    expect(forbidden).toBeInstanceOf(DomainError);
    expect(forbidden).toMatchObject({
      name: 'ForbiddenError',
      code: 'FORBIDDEN',
      message: ERROR_CODES.FORBIDDEN,
      details: { action: 'SIGN' },
    });
    let caught: unknown;
    try {
      checkOfficeHours([{ start: '17:00', end: '07:30' }]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadInputError);
    expect(caught).toMatchObject({ code: 'BAD_INPUT', details: { field: 'officeHours' } });
    expect((caught as Error).cause).toBeInstanceOf(Error);
  });

  it('are named after their code, whichever way they were built', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      const name = new DomainError(code).name;
      expect(name).toMatch(/^[A-Z][A-Za-z]+Error$/);
      expect(
        name
          .replace(/Error$/, '')
          .replace(/[A-Z]/g, (letter) => `_${letter}`)
          .slice(1)
          .toUpperCase(),
      ).toBe(code);
    }
    expect(new DomainError('INVALID_MESSAGE').name).toBe(new InvalidMessageError().name);
  });
});
