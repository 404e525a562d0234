import { callFunction } from '../transport';

export const getHome = () => callFunction('community', 'getHome', {});
export const listCommunities = () => callFunction('community', 'listCommunities', {});
export const listCompounds = (communityId: string) => callFunction('community', 'listCompounds', { communityId });
export const listBuildings = (compoundId: string) => callFunction('community', 'listBuildings', { compoundId });
export const listGrids = (communityId: string) => callFunction('community', 'listGrids', { communityId });
