/**
 * The services the migration tests use to make dossiers, in one place: when the services move,
 * only this file follows them.
 */
export {
  acceptDossier,
  deliverHandoff,
  type OfficerCommand,
  performAction,
  requestOpinions,
  type Services,
  submitDossier,
  transferDossier,
} from '../../functions/services/dossiers';
export { createServices } from '../../functions/services/wiring';
export type { Caller } from '../../functions/domain/lifecycle';
