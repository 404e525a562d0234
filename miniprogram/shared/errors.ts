/**
 * Error codes every action may return, with the sentence a resident reads.
 * Codes are the stable API; messages may be refined per call site.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  BAD_REQUEST: '请求格式不正确',
  UNKNOWN_ACTION: '不支持的操作',
  UNAUTHENTICATED: '请先登录并绑定所在社区',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '要找的内容不存在或已被删除',
  CONFLICT: '操作重复或与当前状态冲突',
  INVALID_STATE: '当前状态下不能进行此操作',
  FULL: '名额已满',
  DEADLINE_PASSED: '已过截止时间',
  INTERNAL: '系统繁忙，请稍后再试',
  /** Content security refused a text; `details.issues` names each field and what to change. */
  CONTENT_RISKY: '内容含有不当信息，请修改后再提交',
  /** Content security could not be reached: nothing was stored, the page keeps the input for a retry. */
  CHECK_UNAVAILABLE: '内容检查暂时不可用，您填写的内容已保留，请稍后再提交',
  /** Raised by the mini-program's transport only: the request never got an answer. */
  NETWORK_ERROR: '网络不给力，请检查网络后重试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

/** One problem with one input field: where, and what a person should fix. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[]; [key: string]: unknown };
}

/** Thrown by server code to end a request with a structured error; the router turns it into a reply. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorBody['details'];

  constructor(code: ErrorCode, message?: string, details?: ErrorBody['details']) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
