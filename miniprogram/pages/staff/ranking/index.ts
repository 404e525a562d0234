import { companyRanking } from '../../../services/complaints/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { appendRanking, loadingRanking, type RankingViewModel } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

const load = pagedLoader(
  ({ streetId }: { vm: RankingViewModel; streetId: string }, cursor?: number) =>
    companyRanking({ ...(streetId && { streetId }), cursor }),
  appendRanking,
);

// 物业企业信用排名 (`?streetId=` optional): every company's credit score and place, best first.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingRanking() as RankingViewModel,
    streetId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ streetId: query.streetId ?? '' });
      return this.load(true);
    },
    ...pagedListMethods(load, loadingRanking),
  },
});
