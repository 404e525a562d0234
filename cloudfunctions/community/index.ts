/** 首页 and the place pickers: the community function's action table; the actions live in actions/. */
import { communityActions } from '../../miniprogram/shared/api/community';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { getHome } from './actions/home';
import { listBuildings, listCommunities, listCompounds, listGrids } from './actions/places';

export const community = defineFunction('community', communityActions, {
  getHome,
  listCommunities,
  listCompounds,
  listGrids,
  listBuildings,
});

export const main = cloudMain(community);
