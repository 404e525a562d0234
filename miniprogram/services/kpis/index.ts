import type { ActionInput } from '../../shared/api/index';
import { callFunction } from '../transport';

// 工作台: the figures of a scope, and the documents behind one of them
export const kpiDashboard = (input: ActionInput<'kpis', 'dashboard'>) => callFunction('kpis', 'dashboard', input);
export const figureItems = (input: ActionInput<'kpis', 'figureItems'>) => callFunction('kpis', 'figureItems', input);
