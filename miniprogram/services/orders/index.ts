import type { ActionInput } from '../../shared/api/index';
import { callFunction } from '../transport';

export const listCategories = () => callFunction('orders', 'listCategories', {});
export const createOrder = (input: ActionInput<'orders', 'create'>) => callFunction('orders', 'create', input);
export const listMyOrders = (input: ActionInput<'orders', 'listMine'>) => callFunction('orders', 'listMine', input);
export const getOrder = (orderId: string) => callFunction('orders', 'getDetail', { orderId });
export const cancelOrder = (input: ActionInput<'orders', 'cancel'>) => callFunction('orders', 'cancel', input);

export const staffQueue = (input: ActionInput<'orders', 'staffQueue'>) => callFunction('orders', 'staffQueue', input);
export const dispatchOptions = (orderId: string) => callFunction('orders', 'dispatchOptions', { orderId });
export const dispatchOrder = (input: ActionInput<'orders', 'dispatch'>) => callFunction('orders', 'dispatch', input);
export const handleSelf = (input: ActionInput<'orders', 'handleSelf'>) => callFunction('orders', 'handleSelf', input);
export const rejectOrder = (input: ActionInput<'orders', 'reject'>) => callFunction('orders', 'reject', input);

export const unitInbox = (input: ActionInput<'orders', 'unitInbox'>) => callFunction('orders', 'unitInbox', input);
export const acceptOrder = (orderId: string) => callFunction('orders', 'accept', { orderId });
export const returnToCommunity = (input: ActionInput<'orders', 'returnToCommunity'>) =>
  callFunction('orders', 'returnToCommunity', input);
export const publishTask = (input: ActionInput<'orders', 'publishTask'>) =>
  callFunction('orders', 'publishTask', input);
export const completeOrder = (input: ActionInput<'orders', 'complete'>) => callFunction('orders', 'complete', input);

export const taskHall = (input: ActionInput<'orders', 'taskHall'>) => callFunction('orders', 'taskHall', input);
export const myTasks = (cursor?: number) => callFunction('orders', 'myTasks', { cursor });
export const claimTask = (taskId: string) => callFunction('orders', 'claim', { taskId });
export const withdrawTask = (taskId: string) => callFunction('orders', 'withdraw', { taskId });
export const checkInTask = (taskId: string) => callFunction('orders', 'checkIn', { taskId });
export const checkOutTask = (taskId: string) => callFunction('orders', 'checkOut', { taskId });
export const reportTask = (input: ActionInput<'orders', 'report'>) => callFunction('orders', 'report', input);

export const confirmOrder = (orderId: string) => callFunction('orders', 'confirm', { orderId });
export const notFixed = (input: ActionInput<'orders', 'notFixed'>) => callFunction('orders', 'notFixed', input);
export const rateOrder = (input: ActionInput<'orders', 'rate'>) => callFunction('orders', 'rate', input);
export const myPoints = (cursor?: number) => callFunction('orders', 'myPoints', { cursor });

// 代办: staff take an order down for a resident who phoned or came in
export const findResidents = (input: ActionInput<'orders', 'findResidents'>) =>
  callFunction('orders', 'findResidents', input);
export const intakeBuildings = (scopeId: string) => callFunction('orders', 'intakeBuildings', { scopeId });
export const createOnBehalf = (input: ActionInput<'orders', 'createOnBehalf'>) =>
  callFunction('orders', 'createOnBehalf', input);
export const recordRating = (input: ActionInput<'orders', 'recordRating'>) =>
  callFunction('orders', 'recordRating', input);
