import { community } from './community';
import { complaints } from './complaints';
import { councils } from './councils';
import { messages } from './messages';
import { orders } from './orders';
import { people } from './people';
import { shop } from './shop';
import type { CloudFunction } from './lib/router';

/** Every deployed function. The build, the local backend and the authorization matrix all read this list. */
export const FUNCTIONS: CloudFunction[] = [community, people, orders, complaints, councils, messages, shop];
