import { readdirSync } from 'node:fs';
import { NestedStack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import type { AgencyKind } from '#domain/agencies';
import { UNITS_EDITIONS } from '#domain/agencies-editions';
import { agencyQueueName } from '#queue/names';
import { PROVINCE_AGENCY_FILES, UNIT_LISTS } from '#seed/province-agencies';
import { buildApp } from '../../infra/build-app';
import { readProvinceConfig } from '../../infra/config';
import { repoPath } from '../../infra/paths';
import { countOfType, resourcesOfType, synthProvince, testAppProps } from './synth';

/**
 * Every province of both unit lists builds its stack, and the default deployment is the law in
 * force. Building the construct tree (queues, buckets, names, the province file) for all 97 takes
 * seconds; rendering all 97 templates takes minutes, so CI renders a few and
 * `ALL_PROVINCES_SYNTH=1 npx vitest run --config test/vitest.config.ts test/infra/provinces` renders
 * them all (each within CloudFormation's 500 resources per template).
 */
const ALL = process.env.ALL_PROVINCES_SYNTH === '1';
const provinces = UNITS_EDITIONS.flatMap((units) => UNIT_LISTS[units].provinces.map((province) => ({ units, province: province.code })));

const kindCounts = (kinds: AgencyKind[]) =>
  Object.fromEntries([...new Set(kinds)].sort().map((kind) => [kind, kinds.filter((k) => k === kind).length]));

describe('the default deployment: two-tier Thái Nguyên (19)', () => {
  const config = readProvinceConfig((key) => ({ province: '19' })[key]);

  it('reads the 2025-07 list and the province file: committees, centres, departments, vertical agencies', () => {
    expect(config.unitsEdition).toBe('2025-07');
    expect(kindCounts(config.agencies.map((agency) => agency.kind))).toEqual({
      DEPARTMENT: 11,
      PEOPLES_COMMITTEE: 93,
      PUBLIC_SERVICE_UNIT: 1,
      SERVICE_CENTRE: 94,
      VERTICAL_AGENCY: 3,
    });
    expect(config.agencies.some((agency) => agency.level === 'DISTRICT')).toBe(false);
    // Dương Phong commune of the source articles is part of Xã Bạch Thông (02014) since 01/07/2025.
    expect(config.agencies.find((agency) => agency.code === '19.02014')?.unitName).toBe('Xã Bạch Thông');
  });

  it('gives every agency of the new kinds its queue and the platform consumer', () => {
    const { nested } = synthProvince('19', { units: '2025-07' });
    const names = new Set(resourcesOfType(nested, 'AWS::SQS::Queue').map(([, queue]) => queue.Properties!.QueueName as string));
    for (const code of [
      '19.TTPVHCC',
      '19.02014.TTPVHCC',
      '19.STP',
      '19.SNNMT.VPDKDD',
      '19.CAT',
      '19.THUE',
      '19.BHXH',
      '19.TTPVHCC.CNBACKAN',
    ]) {
      expect(names.has(agencyQueueName('lienthong-19-prod-', code)), code).toBe(true);
    }
    expect(names.size).toBe(2 * config.agencies.length);
    expect(countOfType(nested, 'AWS::Lambda::EventSourceMapping')).toBe(config.agencies.length);
  });
});

describe('province agency files', () => {
  it('are all known to the seed (functions/seed/province-agencies.ts) and valid', () => {
    const files = readdirSync(repoPath('data', 'agencies'))
      .filter((name) => /^\d{2}\.json$/.test(name))
      .map((name) => name.slice(0, 2));
    expect(Object.keys(PROVINCE_AGENCY_FILES).sort()).toEqual(files.sort());
  });
});

describe('every province of both unit lists', () => {
  it.each(provinces)('builds the stack of %j', ({ units, province }) => {
    const { stack } = buildApp(testAppProps({ province, units }));
    const config = readProvinceConfig((key) => ({ province, units })[key]);
    const queueStacks = stack.node.findAll().filter((construct) => NestedStack.isNestedStack(construct));
    expect(queueStacks.length).toBeGreaterThan(0);
    expect(config.agencies.length).toBeGreaterThan(0);
  });

  // The default province, the largest two-tier (Hồ Chí Minh City) and the largest three-tier (Thanh Hóa).
  const sample = ['2025-07/19', '2025-07/79', '2025-03/38'];
  const rendered = ALL ? provinces : provinces.filter(({ units, province }) => sample.includes(`${units}/${province}`));
  it.each(rendered)('renders every template of %j within 500 resources', ({ units, province }) => {
    const { all } = synthProvince(province, { units });
    for (const template of all) expect(Object.keys(template.toJSON().Resources ?? {}).length).toBeLessThanOrEqual(500);
  });
});
