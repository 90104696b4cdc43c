/**
 * Demo accounts for trying the platform (SEED_DEMO=1, and always under `npm run web`): a school in
 * 长沙, 湖南, its province's reviewer, and the ministry. Running it again changes nothing.
 * The passwords are public: never seed a platform that others can reach.
 */
import type { Db } from './db/types.ts';
import { usccCheckChar } from '../shared/domain/uscc.ts';
import { ensureUnit, ensureUser } from './admin.ts';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_UNIT_ID = 'demo-hunan-school';

/** 事业单位 (1 2) registered in 长沙市 (430100); the check character is computed, not made up. */
const USCC_FIRST17 = '12430100MB1C23456';
export const DEMO_UNIT_USCC = USCC_FIRST17 + usccCheckChar(USCC_FIRST17);

export const DEMO_ACCOUNTS = [
  { username: 'school', role: 'unit', displayName: '湖南某职业技术学院 填报员', unitId: DEMO_UNIT_ID },
  { username: 'hunan', role: 'province', displayName: '湖南省教育厅 审核员', regionCode: '430000' },
  { username: 'ministry', role: 'ministry', displayName: '教育部职业教育与成人教育司' },
] as const;

export async function seedDemo(db: Db): Promise<void> {
  await ensureUnit(db, {
    id: DEMO_UNIT_ID,
    name: '湖南某职业技术学院',
    uscc: DEMO_UNIT_USCC,
    type: '高职',
    regionCode: '430100',
    address: '湖南省长沙市岳麓区',
    contacts: [{ name: '张老师', role: '填报员', phone: '0731-88888888' }],
  });
  for (const account of DEMO_ACCOUNTS) await ensureUser(db, { ...account, password: DEMO_PASSWORD });
}
