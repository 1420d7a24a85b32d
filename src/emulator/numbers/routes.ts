/** Numbers API routes under `/v1/projects/{project_id}` (docs/sinch-wire.md, "Numbers API"). */
import { routes } from '../server/router';
import { getActiveNumber, listActiveNumbers, type NumbersHandler } from './active-numbers';

export const NUMBERS_ROUTES = routes<NumbersHandler>([
  ['activeNumbers', { GET: listActiveNumbers }],
  ['activeNumbers/:phoneNumber', { GET: getActiveNumber }],
]);
