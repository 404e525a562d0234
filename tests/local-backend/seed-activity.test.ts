import { FUNCTIONS } from '../../cloudfunctions/registry';
import { seedActivity } from '../../local-backend/seed/activity';
import { expectOk, startTestBackend } from '../helpers/functions';

describe('npm start’s sample activity (made through the real functions)', () => {
  it('gives every role something to see', async () => {
    const backend = await startTestBackend();
    const now = new Date('2026-11-02T09:00:00+08:00');
    backend.setNow(now);
    await seedActivity(FUNCTIONS, now);

    const mine = expectOk(await backend.call('demo-resident', 'orders', 'listMine', {}));
    expect(mine.items.map((o) => o.statusLabel).sort()).toEqual(['党员领单中', '处理中', '待受理'].sort());
    const inbox = expectOk(
      await backend.call('demo-unit-member', 'orders', 'unitInbox', { unitId: 'un-dexuan-property' }),
    );
    expect(inbox.items).toHaveLength(1);
    const hall = expectOk(
      await backend.call('demo-party-member', 'orders', 'taskHall', { communityId: 'cm-xiongguan' }),
    );
    expect(hall.items.map((t) => t.title)).toEqual(['陪伴独居老人']);
    const queue = expectOk(
      await backend.call('demo-staff-changsheng', 'orders', 'staffQueue', {
        communityId: 'cm-changsheng',
        filter: 'new',
      }),
    );
    expect(queue.items).toHaveLength(1);
    const complaints = expectOk(await backend.call('demo-resident', 'complaints', 'listMine', {}));
    expect(complaints.items.map((c) => c.statusLabel)).toEqual(['处理中']);
    const meetings = expectOk(await backend.call('demo-party-member', 'councils', 'listMeetings', {}));
    expect(meetings.items.map((m) => [m.title, m.confirmed])).toEqual([['加装电梯议事会', 1]]);
    // 消息: the notices are in the inboxes, one of the resident's read; staff have theirs
    const messages = expectOk(await backend.call('demo-resident', 'messages', 'listInbox', {}));
    expect(messages.items.length).toBeGreaterThan(2);
    expect(messages.unread).toBe(messages.items.length - 1);
    expect(messages.items.map((m) => m.title)).toContain('供暖投诉：处理中');
    const staff = expectOk(await backend.call('demo-community-staff', 'messages', 'listInbox', {}));
    expect(staff.items.map((m) => m.title)).toContain('群众说事：老旧小区加装电梯');
    // 积分超市: the catalogue on sale, his points less the one redemption waiting with its code
    const shop = expectOk(
      await backend.call('demo-party-member', 'shop', 'listItems', { communityId: 'cm-xiongguan' }),
    );
    expect(shop.items.map((i) => [i.name, i.stock])).toEqual([
      ['洗衣液', 9],
      ['东北大米', 5],
      ['雨伞', 8],
      ['保温杯', 0],
    ]);
    expect(shop.spendable).toBe(90);
    const redemptions = expectOk(await backend.call('demo-party-member', 'shop', 'myRedemptions', {}));
    expect(redemptions.items.map((r) => [r.itemName, r.stateLabel])).toEqual([['洗衣液', '待领取']]);
    backend.close();
  });
});
