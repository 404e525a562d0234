import { chinaParts } from '../time';

/**
 * The value types of a WeChat subscription message field (订阅消息模板参数) and their rules, as WeChat's
 * subscribeMessage.send documentation states them. A value breaking its rule makes WeChat refuse the whole message
 * (47003 "argument invalid! data.<key>.value invalid"), so values are cut and formatted here before they are sent,
 * and the local emulator judges what it receives by the same rules.
 */
export type FieldType =
  | 'thing' // 事物：20 个以内字符，汉字、数字、字母或符号
  | 'number' // 数字：32 位以内数字，可带小数
  | 'letter' // 字母：32 位以内字母
  | 'symbol' // 符号：5 位以内符号
  | 'character_string' // 字符串：32 位以内数字、字母或符号（不含汉字）
  | 'time' // 时间：24 小时制时间，可带年月日（2019年10月1日 15:01）
  | 'date' // 日期：年月日，可带 24 小时制时间
  | 'amount' // 金额：1 个币种符号 + 10 位以内数字，可带小数，结尾可带“元”
  | 'phone_number' // 电话：17 位以内数字、符号
  | 'car_number' // 车牌：8 位以内，第一位与最后一位可为汉字
  | 'name' // 姓名：10 个以内纯汉字，或 20 个以内纯字母或符号
  | 'phrase'; // 汉字：5 个以内纯汉字

const HAN = /\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;
const ASCII_NO_SPACE = /^[\x21-\x7e]+$/;

/** Characters as WeChat counts them (a code point each, so an emoji or a rare Han character is one). */
const chars = (value: string) => [...value];

/** Why WeChat would refuse `value` for a field of `type`, or null when it is acceptable. */
export function fieldProblem(type: FieldType, value: string): string | null {
  const n = chars(value).length;
  if (n === 0) return '不能为空';
  switch (type) {
    case 'thing':
      return n <= 20 ? null : '最多20个字符';
    case 'number':
      return /^\d+(\.\d+)?$/.test(value) && n <= 32 ? null : '只能是32位以内数字（可带小数）';
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value) ? null : '只能是32位以内字母';
    case 'symbol':
      return n <= 5 && !/[\p{L}\p{N}]/u.test(value) ? null : '只能是5位以内符号';
    case 'character_string':
      return n <= 32 && ASCII_NO_SPACE.test(value) ? null : '只能是32位以内数字、字母或符号';
    case 'time':
      return /^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}(~(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2})?$/.test(value)
        ? null
        : '须为24小时制时间（如 2026年11月3日 14:05）';
    case 'date':
      return /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$/.test(value) ? null : '须为年月日（如 2026年11月3日）';
    case 'amount':
      return /^[¥$€]\d{1,10}(\.\d{1,2})?元?$/.test(value) ? null : '须为币种符号加10位以内数字';
    case 'phone_number':
      return n <= 17 && /^[\d+\-() ]+$/.test(value) ? null : '只能是17位以内数字或符号';
    case 'car_number':
      return n <= 8 ? null : '最多8位';
    case 'name':
      if (HAN.test(value)) return n <= 10 && ONLY_HAN.test(value) ? null : '须为10个以内汉字';
      return n <= 20 && /^[A-Za-z\s.·-]+$/.test(value) ? null : '须为20个以内字母';
    case 'phrase':
      return n <= 5 && ONLY_HAN.test(value) ? null : '须为5个以内汉字';
  }
}

/** Cuts a text to `max` characters, the last one an ellipsis when something was cut. */
export function cut(value: string, max: number): string {
  const list = chars(value.replace(/\s+/g, ' ').trim());
  return list.length <= max ? list.join('') : `${list.slice(0, max - 1).join('')}…`;
}

/** `2026年11月3日 14:05` in China time (the residents' clock, whatever the server's). */
export function wechatTime(iso: string): string {
  const { date, time } = chinaParts(new Date(iso).getTime());
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日 ${time}`;
}

/** What a field shows when nothing acceptable is left of its value (WeChat refuses an empty one). */
const FALLBACKS: Record<FieldType, string> = {
  thing: '-',
  number: '0',
  letter: 'x',
  symbol: '-',
  character_string: '-',
  time: '00:00',
  date: '1970年1月1日',
  amount: '¥0',
  phone_number: '-',
  car_number: '-',
  name: '居民',
  phrase: '无',
};

/**
 * `raw` made acceptable for a field of `type`: cut to length, characters the type does not allow dropped, a time
 * written as WeChat wants it; the type's fallback when nothing acceptable is left (a field may not be empty).
 */
export function formatField(type: FieldType, raw: string): string {
  const value = ((): string => {
    switch (type) {
      case 'thing':
        return cut(raw, 20);
      case 'phrase':
        return chars(raw)
          .filter((c) => HAN.test(c))
          .slice(0, 5)
          .join('');
      case 'name': {
        const han = chars(raw).filter((c) => HAN.test(c));
        return han.length > 0 ? han.slice(0, 10).join('') : cut(raw.replace(/[^A-Za-z\s.·-]/g, ''), 20);
      }
      case 'character_string':
        return chars(raw.replace(/[^\x21-\x7e]/g, ''))
          .slice(0, 32)
          .join('');
      case 'number':
        return (/\d+(\.\d+)?/.exec(raw)?.[0] ?? '').slice(0, 32);
      case 'time':
      case 'date': {
        const ms = new Date(raw).getTime();
        if (Number.isNaN(ms)) return fieldProblem(type, raw) === null ? raw : '';
        const time = wechatTime(raw);
        return type === 'date' ? time.split(' ')[0] : time;
      }
      default:
        return raw.trim();
    }
  })();
  return value && fieldProblem(type, value) === null ? value : FALLBACKS[type];
}
