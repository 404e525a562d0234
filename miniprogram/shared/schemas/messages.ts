import * as z from 'zod/mini';

/**
 * The sentence a person reads when a schema gives no message of its own (zod's defaults are English:
 * "Invalid input"). Field messages written in the schemas still win; this only fills the gaps, on both sides.
 */
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? '请填写此项' : '格式不正确';
      case 'invalid_value':
        return '请选择有效的选项';
      case 'unrecognized_keys':
        return '包含不支持的字段';
      case 'too_small':
      case 'too_big':
        return '长度或数值超出范围';
      default:
        return '填写的内容有误';
    }
  },
});
