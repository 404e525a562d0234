import { callFunction } from '../transport';

export const getHome = () => callFunction('community', 'getHome', {});
export const listCommunities = () => callFunction('community', 'listCommunities', {});
