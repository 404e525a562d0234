import type { ActionInput } from '../../shared/api/index';
import { callFunction } from '../transport';

/** 导出: the function makes the file and answers a temporary link to it. */
export const createExport = (input: ActionInput<'exports', 'create'>) => callFunction('exports', 'create', input);

/**
 * Downloads an Excel file from its temporary link and opens it in WeChat's document viewer, with the menu (转发,
 * 用其他应用打开, 保存). Resolves with the problem in words a person understands, or null when it opened.
 * (wx.openDocument opens doc/xls/ppt/pdf kinds only: a CSV is opened on a computer from its link.)
 */
export function openSpreadsheet(url: string): Promise<string | null> {
  return new Promise((resolve) => {
    wx.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode !== 200) {
          resolve(res.statusCode === 403 ? '下载链接已过期，请重新导出' : '文件下载失败，请重新导出');
          return;
        }
        wx.openDocument({
          filePath: res.tempFilePath,
          fileType: 'xlsx',
          showMenu: true,
          success: () => resolve(null),
          fail: () => resolve('无法打开文件，请稍后再试'),
        });
      },
      fail: () => resolve('网络不给力，文件下载失败，请重试'),
    });
  });
}
