import { community } from './community';
import { complaints } from './complaints';
import { councils } from './councils';
import { kpis } from './kpis';
import { exporter } from './exports';
import { messages } from './messages';
import { open311 } from './open311';
import { open311Http } from './open311/http';
import { orders } from './orders';
import { people } from './people';
import { shop } from './shop';
import type { HttpService } from './lib/http';
import type { CloudFunction } from './lib/router';

/** Every deployed function. The build, the local backend and the authorization matrix all read this list. */
export const FUNCTIONS: CloudFunction[] = [
  community,
  people,
  orders,
  complaints,
  councils,
  messages,
  open311,
  exporter,
  kpis,
  shop,
];

/** The functions reached over HTTP (CloudBase HTTP access), with their paths: the build and the local backend read it. */
export const HTTP_SERVICES: HttpService[] = [open311Http];
