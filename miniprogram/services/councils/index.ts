import type { ActionInput } from '../../shared/api/index';
import { callFunction } from '../transport';

// 群众说事
export const proposeTopic = (input: ActionInput<'councils', 'proposeTopic'>) =>
  callFunction('councils', 'proposeTopic', input);
export const listTopics = (input: ActionInput<'councils', 'listTopics'>) =>
  callFunction('councils', 'listTopics', input);
export const backTopic = (topicId: string) => callFunction('councils', 'backTopic', { topicId });
export const withdrawTopic = (topicId: string) => callFunction('councils', 'withdrawTopic', { topicId });
export const acceptTopic = (input: ActionInput<'councils', 'acceptTopic'>) =>
  callFunction('councils', 'acceptTopic', input);
export const declineTopic = (input: ActionInput<'councils', 'declineTopic'>) =>
  callFunction('councils', 'declineTopic', input);

// 议事会
export const createMeeting = (input: ActionInput<'councils', 'createMeeting'>) =>
  callFunction('councils', 'createMeeting', input);
export const updateMeeting = (input: ActionInput<'councils', 'updateMeeting'>) =>
  callFunction('councils', 'updateMeeting', input);
export const cancelMeeting = (input: ActionInput<'councils', 'cancelMeeting'>) =>
  callFunction('councils', 'cancelMeeting', input);
export const listMeetings = (input: ActionInput<'councils', 'listMeetings'>) =>
  callFunction('councils', 'listMeetings', input);
export const getMeeting = (meetingId: string) => callFunction('councils', 'getMeeting', { meetingId });

// 报名与签到
export const signUp = (meetingId: string) => callFunction('councils', 'signUp', { meetingId });
export const cancelSignUp = (meetingId: string) => callFunction('councils', 'cancelSignUp', { meetingId });
export const mySignUps = (input: ActionInput<'councils', 'mySignUps'>) => callFunction('councils', 'mySignUps', input);
export const checkIn = (input: ActionInput<'councils', 'checkIn'>) => callFunction('councils', 'checkIn', input);
export const attendance = (meetingId: string) => callFunction('councils', 'attendance', { meetingId });

// 会后
export const publishMinutes = (input: ActionInput<'councils', 'publishMinutes'>) =>
  callFunction('councils', 'publishMinutes', input);
export const resolutionToOrder = (input: ActionInput<'councils', 'resolutionToOrder'>) =>
  callFunction('councils', 'resolutionToOrder', input);
