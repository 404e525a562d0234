/**
 * The open API for the city's 12345 platform (Open311 GeoReport v2), and the admin actions that issue its keys.
 *
 * One function, two doors: CloudBase's HTTP access (path `/open311/v2`) brings integration requests, answered by
 * ./http; the mini-program's callFunction brings `{action, payload}`, answered by the router like every other
 * function (the key actions, admins only).
 */
import { open311Actions } from '../../miniprogram/shared/api/open311';
import { cloudMain } from '../lib/entry';
import { isHttpEvent } from '../lib/http';
import { defineFunction } from '../lib/router';
import { keyActions } from './actions/keys';
import { open311Http } from './http';

export const open311 = defineFunction('open311', open311Actions, keyActions);

const actionMain = cloudMain(open311);

// An HTTP request carries no caller: what it may do is what anyone may (read) or what its api_key allows (file).
export const main = async (event: unknown) => (isHttpEvent(event) ? open311Http.handle(event) : actionMain(event));
