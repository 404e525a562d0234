/** 导出: one export — check the window, read the scope's rows in pages, encode, store, answer a temporary link. */
import { randomBytes } from 'node:crypto';
import type { exportsActions } from '../../../miniprogram/shared/api/exports';
import { AppError } from '../../../miniprogram/shared/errors';
import { exportFileName } from '../../../miniprogram/shared/exports/kinds';
import { resolveWindow, windowProblem } from '../../../miniprogram/shared/exports/window';
import type { ScopeTarget } from '../../lib/access';
import type { ActionImpl } from '../../lib/router';
import { exportAccess, exportViewer, scopeReads } from '../access';
import { encode, store } from '../files';
import { KINDS } from '../kinds';

export const create: ActionImpl<(typeof exportsActions)['create']> = {
  access: exportAccess,
  reads: scopeReads,
  async handler(input, { caller, db, now, subject }) {
    const at = now();
    const problem = windowProblem(input.window, at);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, { issues: [{ path: 'window', message: problem }] });
    const window = resolveWindow(input.window, at);
    const target = subject as ScopeTarget;
    const kind = KINDS[input.kind];
    const viewer = exportViewer(caller, target, kind.viewers);
    const rows = await kind.rows({ db, target, window }, viewer);
    const content = await encode({ sheet: kind.sheet, columns: kind.columns, rows }, input.format);
    // Under the caller's folder, named so two exports never collide.
    const cloudPath = `exports/${caller.openid}/${input.kind}-${window.from}-${window.to}-${randomBytes(6).toString('hex')}.${input.format}`;
    const stored = await store(cloudPath, content, at);
    return {
      ...stored,
      fileName: exportFileName(input.kind, window.from, window.to, input.format),
      format: input.format,
      rows: rows.length,
    };
  },
};
