// @ts-check
/**
 * WeChat's runtime resolves a relative `require('../x')` only as `../x.js`: it never looks for `../x/index.js`,
 * and the upload's dependency analysis leaves a module imported that way out of the package. tsc and jest do
 * resolve folders, so such an import passes every Node-side check and fails on the phone. This rule refuses a
 * relative import that names a folder.
 */
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_EXTENSIONS = ['.ts', '.js', '.json'];

/** @param {string} target */
function namesFolderOnly(target) {
  if (SOURCE_EXTENSIONS.some((ext) => target.endsWith(ext) && fs.existsSync(target))) return false;
  if (SOURCE_EXTENSIONS.some((ext) => fs.existsSync(target + ext))) return false;
  return fs.existsSync(target) && fs.statSync(target).isDirectory();
}

/** @type {import('eslint').Rule.RuleModule} */
export const noFolderImport = {
  meta: {
    type: 'problem',
    docs: { description: 'relative imports must name a file, as WeChat resolves require() only as <path>.js' },
    messages: {
      folder: "'{{spec}}' is a folder; WeChat loads only '{{spec}}.js'. Import '{{spec}}/index'.",
    },
    schema: [],
  },
  create(context) {
    const dir = path.dirname(context.filename);
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('./') && !spec.startsWith('../')) return;
      if (namesFolderOnly(path.resolve(dir, spec))) {
        context.report({ node: source, messageId: 'folder', data: { spec: spec.replace(/\/$/, '') } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};
