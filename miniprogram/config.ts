/**
 * The one setting that chooses the backend.
 * - '' (empty): the local backend that `npm start` runs (no cloud account needed);
 * - a CloudBase environment id (e.g. 'jmt-prod-1g2h3'): the deployed cloud functions.
 */
export const CLOUD_ENV_ID = '';

/** Where `npm start` listens. On a phone in the same Wi-Fi, use this computer's LAN address instead. */
export const LOCAL_BACKEND_URL = 'http://127.0.0.1:3000';
