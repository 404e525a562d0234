import tcb from '@cloudbase/node-sdk';

/**
 * The one way the functions reach WeChat's open API (云调用): subscription messages and content security. In
 * CloudBase it is node-sdk's `callWxOpenApi` (the sdk's `wx.api` request, authenticated by the environment); the
 * local backend replaces only that request layer with an emulator (local-backend/wechat/), as it does for the
 * database, so everything here runs unchanged in both worlds.
 */

/** The open APIs the functions call: every function's config.json declares them (permissions.openapi). */
export const OPEN_APIS = ['subscribeMessage.send', 'security.msgSecCheck', 'security.mediaCheckAsync'] as const;
export type OpenApi = (typeof OPEN_APIS)[number];

/** WeChat's answer: `errcode` 0 is success; anything else is WeChat's error code. */
export interface WechatReply {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

/** The error code this seam gives when WeChat could not be reached (the gateway failed, a timeout): transient. */
export const UNREACHABLE = -1;

let app: ReturnType<typeof tcb.init> | undefined;

/** Calls one open API; never throws for WeChat's own refusals (they come back as `errcode`). */
export async function callOpenApi(apiName: OpenApi, requestData: Record<string, unknown>): Promise<WechatReply> {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  try {
    const res = (await app.callWxOpenApi({ apiName, requestData })) as {
      code?: string;
      message?: string;
      result?: unknown;
    };
    if (res.code) return { errcode: UNREACHABLE, errmsg: `${res.code} ${res.message ?? ''}`.trim() };
    const result = (typeof res.result === 'object' && res.result !== null ? res.result : {}) as Partial<WechatReply>;
    return { ...result, errcode: Number(result.errcode ?? 0), errmsg: String(result.errmsg ?? 'ok') };
  } catch (error) {
    return { errcode: UNREACHABLE, errmsg: String((error as Error)?.message ?? error) };
  }
}

/** WeChat's error codes the functions act on. */
export const WX_ERR = {
  /** 用户拒绝接受消息 / 取消了订阅: do not retry. */
  refused: 43101,
  /** 模板参数不准确: a bug of ours, retrying sends the same data. */
  badData: 47003,
  /** 内容含有违法违规内容. */
  risky: 87014,
  /** 系统繁忙. */
  busy: -1,
  /** 调用超过频率限制. */
  rateLimited: 45009,
} as const;

/** Whether trying again later may succeed (WeChat busy, rate limited, unreachable). */
export const isTransient = (errcode: number): boolean =>
  errcode === UNREACHABLE ||
  errcode === WX_ERR.busy ||
  errcode === WX_ERR.rateLimited ||
  (errcode >= 500 && errcode < 600);

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  /** The page the message opens, no leading slash (`pages/orders/detail/index?id=…`). */
  page: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
}

export const sendSubscribeMessage = (message: SubscribeMessage) =>
  callOpenApi('subscribeMessage.send', { lang: 'zh_CN', ...message } as unknown as Record<string, unknown>);

/** msgSecCheck v2 scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export type SecScene = 1 | 2 | 3 | 4;

/** What msgSecCheck v2 concluded about one text. */
export interface TextVerdict {
  errcode: number;
  suggest: 'pass' | 'review' | 'risky' | null;
  label: number | null;
}

export async function msgSecCheck(openid: string, scene: SecScene, content: string): Promise<TextVerdict> {
  const reply = await callOpenApi('security.msgSecCheck', { version: 2, openid, scene, content });
  const result = reply.result as { suggest?: TextVerdict['suggest']; label?: number } | undefined;
  return { errcode: reply.errcode, suggest: result?.suggest ?? null, label: result?.label ?? null };
}

/** media_type: 1 audio, 2 image. Returns WeChat's trace id, which its verdict push names. */
export async function mediaCheckAsync(
  openid: string,
  scene: SecScene,
  mediaUrl: string,
): Promise<{ errcode: number; traceId: string | null }> {
  const reply = await callOpenApi('security.mediaCheckAsync', {
    version: 2,
    openid,
    scene,
    media_url: mediaUrl,
    media_type: 2,
  });
  return { errcode: reply.errcode, traceId: typeof reply.trace_id === 'string' ? reply.trace_id : null };
}

/** WeChat's message push with a mediaCheckAsync verdict (消息推送, Event wxa_media_check). */
export interface MediaCheckPush {
  ToUserName?: string;
  FromUserName?: string;
  CreateTime?: number;
  MsgType: 'event';
  Event: 'wxa_media_check';
  appid?: string;
  trace_id: string;
  version?: number;
  result: { suggest: 'pass' | 'review' | 'risky'; label: number };
  detail?: unknown[];
}

export const isMediaCheckPush = (event: unknown): event is MediaCheckPush =>
  typeof event === 'object' &&
  event !== null &&
  (event as { MsgType?: unknown }).MsgType === 'event' &&
  (event as { Event?: unknown }).Event === 'wxa_media_check' &&
  typeof (event as { trace_id?: unknown }).trace_id === 'string';
