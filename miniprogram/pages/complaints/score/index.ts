import { companyScore } from '../../../services/complaints/index';
import { loadingScore, scoreError, toScoreViewModel, type ScoreViewModel } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

// 物业信用评价: the resident's property company — its score, its place in the city, the five measures and the
// months before; a 无物业小区 gets an explanation instead.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingScore() as ScoreViewModel,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const res = await companyScore();
      this.setData({ vm: res.ok ? toScoreViewModel(res.data) : scoreError(res.error) });
    },
    retry() {
      this.setData({ vm: loadingScore() });
      return this.load();
    },
  },
});
