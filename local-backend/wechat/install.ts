import type { WechatEmulator } from './emulator';

/**
 * Swaps node-sdk's open-API request layer for the emulator, and nothing else: `app.callWxOpenApi` builds its
 * `wx.api` request as in CloudBase and hands it to `tcbapirequester.request`, which answers here instead of
 * going to the cloud. Other requests (none in the functions today) pass through. Returns the undo.
 */
interface Requester {
  request(args: { params: { action: string; apiName?: string; requestData?: string } }): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sdk's own module object, to patch its export
const requester = require('@cloudbase/node-sdk/dist/utils/tcbapirequester') as Requester;

export function useWechatEmulator(emulator: WechatEmulator): () => void {
  const previous = requester.request;
  requester.request = async (args) => {
    if (args.params.action !== 'wx.api') return previous(args);
    const request = args.params.requestData ? (JSON.parse(args.params.requestData) as Record<string, unknown>) : {};
    const reply = await emulator.answer(String(args.params.apiName), request);
    // The shape of CloudBase's answer: WeChat's reply as a JSON string in data.responseData.
    return { data: { responseData: JSON.stringify(reply) }, requestId: `local-${emulator.calls.length}` };
  };
  return () => {
    requester.request = previous;
  };
}
