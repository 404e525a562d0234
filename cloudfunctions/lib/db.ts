import tcb from '@cloudbase/node-sdk';

type App = ReturnType<typeof tcb.init>;
export type Database = ReturnType<App['database']>;

let db: Database | undefined;

/**
 * The one database handle of a function instance. In CloudBase it talks to the environment's database;
 * the local backend creates it first and then replaces only the sdk's request layer, so every query here
 * goes through the real query builder in both worlds.
 */
export function getDb(): Database {
  db ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  return db;
}

/** An index as CloudBase declares it: fields in order, each ascending (1) or descending (-1). */
export interface IndexSpec {
  name: string;
  unique?: boolean;
  keys: Array<[field: string, direction: 1 | -1]>;
}

export interface CollectionSpec {
  description: string;
  indexes: IndexSpec[];
}

/**
 * Every collection, what it holds, and the indexes its queries need. The deploy config, the local store's
 * indexes and the index-coverage check are all generated from this one table.
 */
export const COLLECTION_SPECS = {
  places: {
    description: '街道、社区、网格、小区、楼栋（一棵层级树）',
    indexes: [
      {
        name: 'kind_name',
        keys: [
          ['kind', 1],
          ['name', 1],
        ],
      },
    ],
  },
  units: { description: '驻区单位、职能部门、物业企业', indexes: [] },
  users: {
    description: '用户（_id 为 OPENID）、居住绑定和角色',
    indexes: [{ name: 'roles_scope', keys: [['roles.scopeId', 1]] }],
  },
} satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof COLLECTION_SPECS;

export const COLLECTIONS = Object.fromEntries(Object.keys(COLLECTION_SPECS).map((name) => [name, name])) as {
  [K in CollectionName]: K;
};
