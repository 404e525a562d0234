// 正在加载: what a page shows until its first answer.
Component({});
