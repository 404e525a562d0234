import fs from 'node:fs';
import path from 'node:path';
import { fieldProblem } from '../../miniprogram/shared/notices/fields';
import { TEMPLATES, type TemplateIds } from '../../miniprogram/shared/notices/templates';
import type { MediaCheckPush, WechatReply } from '../../cloudfunctions/lib/wechat';

/**
 * WeChat's open API as the local backend answers it: subscription messages and content security, with WeChat's
 * error codes. Every call is recorded; what was delivered can be read back (`GET /_dev/wechat/messages`).
 */
export interface EmulatorOptions {
  /** The template ids the "admin console" holds (the dev ids by default). */
  templateIds: TemplateIds;
  /** Words msgSecCheck finds risky (87014 / suggest risky). */
  riskyWords?: string[];
  /** A media URL containing one of these is judged risky by mediaCheckAsync's verdict. */
  riskyMedia?: string[];
  /** How long mediaCheckAsync's verdict takes to arrive (ms; WeChat: within 30 minutes). */
  verdictDelayMs?: number;
  /** Where verdicts are pushed (WeChat's 消息推送 to the function that handles them). */
  onPush?: (push: MediaCheckPush) => Promise<unknown>;
  now?: () => Date;
}

export interface RecordedCall {
  at: string;
  apiName: string;
  request: Record<string, unknown>;
  reply: WechatReply;
}

export interface DeliveredMessage {
  at: string;
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}

export const DEFAULT_RISKY_WORDS = ['赌博', '代开发票', '枪支'];

/** Every page path of the mini-program (app.json, subpackages included): a message may open only one of these. */
function appPages(): Set<string> {
  const app = JSON.parse(fs.readFileSync(path.join(__dirname, '../../miniprogram/app.json'), 'utf8')) as {
    pages: string[];
    subPackages?: Array<{ root: string; pages: string[] }>;
  };
  return new Set([...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}${page}`))]);
}

export class WechatEmulator {
  readonly calls: RecordedCall[] = [];
  readonly messages: DeliveredMessage[] = [];
  /** Users who turned the mini-program's messages off in WeChat (43101 for every template). */
  readonly refusing = new Set<string>();
  /** Failures to answer before behaving normally (e.g. `[-1, -1]`: WeChat busy twice). */
  readonly failures: number[] = [];
  riskyWords: string[];
  /** Marks that make mediaCheckAsync's verdict risky when the photo's URL contains one (a demo adds a photo's). */
  riskyMedia: string[];
  private readonly pages = appPages();
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private traceSeq = 0;
  private held: MediaCheckPush[] | null = null;

  constructor(private readonly options: EmulatorOptions) {
    this.riskyWords = options.riskyWords ?? DEFAULT_RISKY_WORDS;
    this.riskyMedia = options.riskyMedia ?? ['risky'];
  }

  private now = () => (this.options.now?.() ?? new Date()).toISOString();

  /** Answers one `wx.api` request as WeChat would, and records it. */
  async answer(apiName: string, request: Record<string, unknown>): Promise<WechatReply> {
    const failure = this.failures.shift();
    const reply =
      failure !== undefined ? { errcode: failure, errmsg: 'system error' } : await this.reply(apiName, request);
    this.calls.push({ at: this.now(), apiName, request, reply });
    return reply;
  }

  private async reply(apiName: string, request: Record<string, unknown>): Promise<WechatReply> {
    switch (apiName) {
      case 'subscribeMessage.send':
        return this.send(request);
      case 'security.msgSecCheck':
        return this.checkText(request);
      case 'security.mediaCheckAsync':
        return this.checkMedia(request);
      default:
        return { errcode: 40001, errmsg: `api ${apiName} not emulated` };
    }
  }

  private send(request: Record<string, unknown>): WechatReply {
    const { touser, template_id: templateId, page, data } = request as Partial<DeliveredMessage>;
    if (typeof touser !== 'string' || !touser) return { errcode: 40003, errmsg: 'invalid openid' };
    const kind = Object.entries(this.options.templateIds).find(([, id]) => id === templateId)?.[0];
    if (!kind) return { errcode: 40037, errmsg: 'invalid template_id' };
    if (page !== undefined && !this.pages.has(String(page).split('?')[0]))
      return { errcode: 41030, errmsg: 'invalid page' };
    for (const f of TEMPLATES[kind as keyof typeof TEMPLATES].fields) {
      const value = data?.[f.key]?.value;
      if (typeof value !== 'string' || fieldProblem(f.type, value) !== null)
        return { errcode: 47003, errmsg: `argument invalid! data.${f.key}.value invalid` };
    }
    if (this.refusing.has(touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    this.messages.push({ at: this.now(), touser, template_id: templateId!, page: page ?? '', data: data! });
    return { errcode: 0, errmsg: 'ok', msgid: this.messages.length };
  }

  private checkText(request: Record<string, unknown>): WechatReply {
    if (request.version !== 2 || typeof request.openid !== 'string' || ![1, 2, 3, 4].includes(request.scene as number))
      return { errcode: 40003, errmsg: 'invalid args: version 2, openid and scene are required' };
    const content = String(request.content ?? '');
    const hit = this.riskyWords.find((word) => content.includes(word));
    const result = hit ? { suggest: 'risky', label: 20001 } : { suggest: 'pass', label: 100 };
    return {
      errcode: 0,
      errmsg: 'ok',
      result,
      detail: [{ strategy: 'content_model', errcode: 0, ...result, ...(hit && { keyword: hit }) }],
      trace_id: this.traceId(),
    };
  }

  private checkMedia(request: Record<string, unknown>): WechatReply {
    const url = String(request.media_url ?? '');
    if (request.version !== 2 || typeof request.openid !== 'string' || !url)
      return { errcode: 40003, errmsg: 'invalid args: version 2, openid, scene and media_url are required' };
    const traceId = this.traceId();
    const risky = this.riskyMedia.some((mark) => url.includes(mark));
    const push: MediaCheckPush = {
      MsgType: 'event',
      Event: 'wxa_media_check',
      FromUserName: String(request.openid),
      CreateTime: Math.floor(Date.now() / 1000),
      trace_id: traceId,
      version: 2,
      result: risky ? { suggest: 'risky', label: 20002 } : { suggest: 'pass', label: 100 },
      detail: [],
    };
    if (this.held) this.held.push(push);
    else this.schedule(push);
    return { errcode: 0, errmsg: 'ok', trace_id: traceId };
  }

  private schedule(push: MediaCheckPush) {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      const delivery = (this.options.onPush?.(push) ?? Promise.resolve()).catch((error: unknown) =>
        console.error('[wechat emulator] verdict push failed', error),
      );
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }, this.options.verdictDelayMs ?? 2000);
    this.pending.add(timer);
  }

  /** Verdicts wait from now on until `releaseVerdicts` (a test looks at photos while they are pending). */
  holdVerdicts() {
    this.held ??= [];
  }

  /** Sends the held verdicts on their way (`settle` waits for them) and stops holding. */
  releaseVerdicts() {
    const held = this.held ?? [];
    this.held = null;
    for (const push of held) this.schedule(push);
  }

  private traceId = () => `trace-${Date.now().toString(36)}-${(this.traceSeq += 1)}`;

  /** Waits until every verdict due so far has been pushed and handled (tests, demos). */
  async settle(): Promise<void> {
    while (this.pending.size > 0 || this.inFlight.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.all([...this.inFlight]);
    }
  }

  /** Messages delivered to one user (or all), oldest first. */
  messagesTo(touser?: string): DeliveredMessage[] {
    return touser ? this.messages.filter((m) => m.touser === touser) : [...this.messages];
  }

  /** Forgets pending verdicts (the backend stops). */
  close(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
