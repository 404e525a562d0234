import { getDb } from '../../cloudfunctions/lib/db';
import { onMediaVerdict } from '../../cloudfunctions/lib/media';
import { templateIds } from '../../cloudfunctions/messages/model';
import { WechatEmulator, type EmulatorOptions } from './emulator';
import { useWechatEmulator } from './install';

export { WechatEmulator } from './emulator';

/**
 * WeChat for the local backend: the emulator behind the functions' open-API seam, with its verdict pushes going
 * where WeChat's 消息推送 is configured to go (the messages function's handler). Returns it and the undo.
 */
export function attachWechat(options: Partial<EmulatorOptions> & { now?: () => Date } = {}): {
  emulator: WechatEmulator;
  detach: () => void;
} {
  const emulator = new WechatEmulator({
    templateIds: templateIds(),
    onPush: (push) => onMediaVerdict(getDb(), push, options.now?.() ?? new Date()),
    ...options,
  });
  const undo = useWechatEmulator(emulator);
  return {
    emulator,
    detach: () => {
      emulator.close();
      undo();
    },
  };
}
