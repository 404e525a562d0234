import { AppError, ERROR_CODES, ERROR_MESSAGES } from '../../miniprogram/shared/errors';

describe('error codes', () => {
  it('each code has a sentence a resident can read, in Chinese', () => {
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES[code]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('an AppError becomes a structured body without a stack trace', () => {
    const body = new AppError('FULL', '该任务名额已满', { slots: 3 }).toBody();
    expect(body).toEqual({ code: 'FULL', message: '该任务名额已满', details: { slots: 3 } });
    expect(JSON.stringify(body)).not.toContain('at ');
  });
});
