/**
 * Built-in template: 教育部办公厅 财政部办公厅关于开展中国特色高水平高职学校和专业建设计划（2019—2023年）
 * 绩效评价工作的通知（教职成厅函〔2024〕1号, 2024年1月16日), with the 答记者问 of 2024年1月25日.
 *
 * What the notice and its 答记者问 say, and where this template puts it:
 * - 一、评价对象: “高水平学校建设单位学校和两个立项专业群的建设情况，高水平专业群建设单位学校和一个立项
 *   专业群的建设情况” → task T01 学校层面 (sub-types 高水平学校建设单位 / 高水平专业群建设单位) and task
 *   T02 专业群层面, filed once per 立项专业群 (sub-types 专业群A / 专业群B / 专业群 name the slot of the
 *   scoring combination the cluster fills); rule R01_1 checks the number of clusters.
 * - 二、评价内容: 建设绩效完成情况（绩效目标达成度、建设任务完成度）, 资金保障和使用情况（到位率、预算执行
 *   率和资金使用的合规性）, 项目建设水平, the school “从以下十个方面” and the cluster “从以下九个方面” →
 *   the scoring parts 学校层面 (10 dimensions) and 专业群层面 (9 dimensions) with the notice's names; each
 *   dimension is one 建设任务 of the 建设方案 and is scored on all three contents (the 答记者问 speaks of
 *   “学校层面建设任务评分”“专业群建设任务评分”). The funding block carries 到位率 and 预算执行率.
 * - 答记者问 三: “建设单位评分=学校层面建设任务评分*50%+专业群 A 建设任务评分*25%+专业群 B 建设任务评分
 *   *25%” for 高水平学校建设单位 and “学校层面建设任务评分*30%+专业群建设任务评分*70%” for 高水平专业群
 *   建设单位 → combinations `school` and `group`.
 * - 三、工作流程: 建设单位总结自评 “2024年2月28日前”, 项目审计 “2024年3月6日前”, 省级评价 “2024年4月8日
 *   前”, 两部复核 “2024年5月15日前” → stages self / province / ministry and the audit date rule F01_1.
 * - 四、评价结论: “优”“良”“中”“差”四类，结论为“中”“差”的限期整改，结论为“差”的建设单位不得进入第二轮
 *   “双高计划”遴选 → grades with rectification on 中 and 差 and the note on 差.
 *
 * Where the notice is silent (its three attachments — 附件1 绩效评价标准, 附件2 总结报告参考提纲, 附件3 —
 * are not part of the published text we have), the choices made here:
 * - dimension weights: none given → equal (1/10 within 学校层面, 1/9 within 专业群层面), each out of 100;
 * - grade bands: none given → 优 ≥ 90, 良 ≥ 75, 中 ≥ 60, 差 below 60 (bands inclusive of their lower edge);
 * - 限期整改 gives no period → 整改 items are due 90 days after the grade unless dated otherwise;
 * - the indicators are the 标志性成果 and 核心指标 of the 建设方案 and 任务书 (教职成〔2019〕5号 tasks), by the
 *   ten and nine aspects, counted over the 建设期 2019—2023 (“建设期内”) or as at 31 December 2023;
 * - the report outline follows what the notice and 答记者问 七 ask the 总结报告 to show;
 * - the funding sources are the 双高 任务书's five channels;
 * - the evaluation is done once, in 2024: the template's single year is 2024 so every deadline falls on
 *   its 2024 date.
 *
 * Conventions as in keytasks-2023: indicator codes `Txx_nn` unique across the template, groups `Gxx_n`,
 * task rules `Rxx_n`, field rules `Fxx_n`; percent values are fractions 0–1; money in 万元, 2 decimals.
 */
import type { TemplateInput } from '../domain/template.ts';

/** A count of things (个/家/所/人/人次 …). */
const COUNT = { type: 'integer', min: 0 } as const;
/** Money in 万元. */
const MONEY = { type: 'money', unit: '万元', min: 0, decimals: 2 } as const;
/** A rate stored as a fraction 0–1; decimals counts places of the displayed percentage (12.34%). */
const PERCENT = { type: 'percent', unit: '%', min: 0, max: 1, decimals: 2 } as const;

/** How every dimension is scored (二、评价内容): the three contents applied to one 建设任务. */
const CONTENTS = '综合考核绩效目标达成度、建设任务完成度、资金保障和使用情况及建设水平';

/** Guidance of the dimension that scores one 建设任务 of the 建设方案. */
function guide(task: string): string {
  return `对应“${task}”建设任务，${CONTENTS}`;
}

/** 整改 period chosen for 中 and 差 (the notice says 限期整改 without a period). */
const RECTIFY_DAYS = 90;

export const shuangGao2024: TemplateInput = {
  id: 'shuanggao-2024',
  version: '2024.1',
  name: '中国特色高水平高职学校和专业建设计划（2019—2023年）绩效评价',
  programme: '中国特色高水平高职学校和专业建设计划',
  issuer: '教职成厅函〔2024〕1号',
  years: [2024],
  deadline: '02-28',
  grades: [
    { name: '优', minScore: 90 },
    { name: '良', minScore: 75 },
    { name: '中', minScore: 60, note: '限期整改', rectification: { dueDays: RECTIFY_DAYS } },
    {
      name: '差',
      minScore: 0,
      note: '限期整改；不得进入第二轮“双高计划”遴选',
      rectification: { dueDays: RECTIFY_DAYS },
    },
  ],
  stages: [
    { code: 'self', name: '建设单位总结自评', deadline: '02-28' },
    { code: 'province', name: '省级评价', deadline: '04-08' },
    { code: 'ministry', name: '两部复核', deadline: '05-15' },
  ],
  funding: {
    unit: '万元',
    sources: [
      { code: 'CENTRAL', name: '中央财政投入资金' },
      { code: 'LOCAL', name: '地方各级财政投入资金' },
      { code: 'SPONSOR', name: '举办方投入资金' },
      { code: 'ENTERPRISE', name: '行业企业支持资金' },
      { code: 'SELF', name: '学校自筹资金' },
    ],
  },
  choiceLists: {
    unitCategory: [
      { code: 'school', label: '高水平学校建设单位' },
      { code: 'group', label: '高水平专业群建设单位' },
    ],
    tier: [
      { code: 'A', label: 'A档' },
      { code: 'B', label: 'B档' },
      { code: 'C', label: 'C档' },
    ],
    qualityAssurance: [
      { code: 'reviewed', label: '已完成诊断与改进复核' },
      { code: 'ongoing', label: '正在开展诊断与改进' },
      { code: 'none', label: '尚未开展' },
    ],
    auditOpinion: [
      { code: 'unqualified', label: '无保留意见' },
      { code: 'qualified', label: '保留意见' },
      { code: 'adverse', label: '否定意见' },
      { code: 'disclaimer', label: '无法表示意见' },
    ],
    mechanism: [
      { code: 'running', label: '已建立并运行' },
      { code: 'built', label: '已建立，尚未运行' },
      { code: 'none', label: '未建立' },
    ],
  },
  tasks: [
    // ───────────────────────────── 学校层面 ─────────────────────────────
    {
      code: 'T01',
      no: 1,
      name: '学校层面建设任务',
      description:
        '高水平学校建设单位和高水平专业群建设单位均评价学校层面的建设情况。学校从以下十个方面进行考核：' +
        '党的建设和思想政治工作、技术技能人才培养高地、技术技能创新服务平台、高水平专业群、高水平双师队伍、' +
        '校企合作水平、服务发展水平、学校治理水平、信息化水平、国际化水平。' +
        '填写建设周期（2019—2023年）绩效评价数据，在相应建设任务及指标项下上传佐证材料。',
      levels: ['全国性'],
      subTypes: ['高水平学校建设单位', '高水平专业群建设单位'],
      groups: [
        {
          code: 'G01_1',
          name: '建设绩效完成情况',
          indicators: [
            {
              code: 'T01_01',
              label: '建设单位类别',
              type: 'choice',
              choices: 'unitCategory',
              required: true,
              help: '教职成函〔2019〕14号公布的“双高计划”建设单位类别',
            },
            { code: 'T01_02', label: '建设档次', type: 'choice', choices: 'tier', required: true },
            {
              ...COUNT,
              code: 'T01_03',
              label: '参加本次评价的立项专业群数',
              unit: '个',
              required: true,
              help: '高水平学校建设单位为两个立项专业群，高水平专业群建设单位为一个立项专业群',
            },
            {
              ...COUNT,
              code: 'T01_04',
              label: '学校层面绩效目标数',
              unit: '个',
              required: true,
              help: '建设方案和任务书确定的学校层面绩效目标总数（含调整后经备案的目标）',
            },
            {
              ...COUNT,
              code: 'T01_05',
              label: '已达成的学校层面绩效目标数',
              unit: '个',
              required: true,
              evidenceRequired: true,
            },
            {
              ...PERCENT,
              code: 'T01_06',
              label: '学校层面绩效目标达成度',
              calculate: 'ratio(T01_05, T01_04)',
              help: '自动计算：已达成的绩效目标数 ÷ 绩效目标数',
            },
            { ...COUNT, code: 'T01_07', label: '学校层面建设任务数', unit: '项', required: true },
            {
              ...COUNT,
              code: 'T01_08',
              label: '已完成的学校层面建设任务数',
              unit: '项',
              required: true,
              evidenceRequired: true,
            },
            {
              ...PERCENT,
              code: 'T01_09',
              label: '学校层面建设任务完成度',
              calculate: 'ratio(T01_08, T01_07)',
              help: '自动计算：已完成的建设任务数 ÷ 建设任务数',
            },
          ],
        },
        {
          code: 'G01_2',
          name: '党的建设和思想政治工作',
          indicators: [
            {
              ...COUNT,
              code: 'T01_10',
              label: '全国党建工作示范高校、标杆院系、样板支部数',
              unit: '个',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T01_11',
              label: '思想政治理论课专职教师数',
              unit: '人',
              required: true,
              help: '截至2023年12月31日',
            },
            {
              ...COUNT,
              code: 'T01_12',
              label: '专职辅导员数',
              unit: '人',
              required: true,
              help: '截至2023年12月31日',
            },
            {
              ...COUNT,
              code: 'T01_13',
              label: '建设期内获省级及以上思想政治工作项目和荣誉数',
              unit: '项',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G01_3',
          name: '技术技能人才培养高地',
          indicators: [
            {
              ...COUNT,
              code: 'T01_14',
              label: '全日制高职在校生数',
              unit: '人',
              required: true,
              help: '截至2023年12月31日',
            },
            { ...COUNT, code: 'T01_15', label: '2023届毕业生数', unit: '人', required: true },
            { ...COUNT, code: 'T01_16', label: '2023届毕业生就业人数', unit: '人', required: true },
            {
              ...PERCENT,
              code: 'T01_17',
              label: '2023届毕业生就业率',
              calculate: 'ratio(T01_16, T01_15)',
              help: '自动计算：就业人数 ÷ 毕业生数',
              rules: [
                {
                  id: 'F01_2',
                  expr: 'T01_17 >= 0.8',
                  message: '2023届毕业生就业率为{T01_17}，明显偏低，请核实统计口径',
                  severity: 'warning',
                },
              ],
            },
            {
              ...COUNT,
              code: 'T01_18',
              label: '建设期内学生获全国职业院校技能大赛奖项数',
              unit: '项',
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T01_19', label: '其中：一等奖数', unit: '项' },
            {
              ...COUNT,
              code: 'T01_20',
              label: '建设期内获国家级教学成果奖数',
              unit: '项',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G01_4',
          name: '技术技能创新服务平台',
          indicators: [
            {
              ...COUNT,
              code: 'T01_21',
              label: '省级及以上技术技能创新服务平台数',
              unit: '个',
              required: true,
              evidenceRequired: true,
            },
            { ...MONEY, code: 'T01_22', label: '建设期内横向技术服务到款额', required: true },
            { ...COUNT, code: 'T01_23', label: '建设期内授权发明专利数', unit: '件' },
            {
              ...MONEY,
              code: 'T01_24',
              label: '建设期内专利（成果）转化到款额',
              help: '专利转让、许可和作价入股等成果转化实际到款额',
            },
          ],
        },
        {
          code: 'G01_5',
          name: '高水平专业群',
          indicators: [
            { ...COUNT, code: 'T01_25', label: '立项专业群覆盖的专业数', unit: '个', required: true },
            {
              ...COUNT,
              code: 'T01_26',
              label: '立项专业群在校生数',
              unit: '人',
              required: true,
              help: '截至2023年12月31日，立项专业群所含专业的全日制在校生数',
            },
            {
              ...PERCENT,
              code: 'T01_27',
              label: '立项专业群在校生占全日制在校生比例',
              calculate: 'ratio(T01_26, T01_14)',
              help: '自动计算：立项专业群在校生数 ÷ 全日制高职在校生数',
            },
            { code: 'T01_28', label: '立项专业群对接的重点产业', type: 'text', required: true },
          ],
        },
        {
          code: 'G01_6',
          name: '高水平双师队伍',
          indicators: [
            {
              ...COUNT,
              code: 'T01_29',
              label: '专任教师数',
              unit: '人',
              required: true,
              help: '截至2023年12月31日',
            },
            { ...COUNT, code: 'T01_30', label: '“双师型”教师数', unit: '人', required: true },
            {
              ...PERCENT,
              code: 'T01_31',
              label: '“双师型”教师占专任教师比例',
              calculate: 'ratio(T01_30, T01_29)',
              help: '自动计算：“双师型”教师数 ÷ 专任教师数',
            },
            {
              ...COUNT,
              code: 'T01_32',
              label: '国家级职业教育教师教学创新团队数',
              unit: '个',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T01_33',
              label: '建设期内新增国家级教学名师、技能大师等高层次人才数',
              unit: '人',
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T01_34', label: '企业兼职教师数', unit: '人' },
          ],
        },
        {
          code: 'G01_7',
          name: '校企合作水平',
          indicators: [
            { ...COUNT, code: 'T01_35', label: '深度合作企业数', unit: '家', required: true },
            { ...COUNT, code: 'T01_36', label: '校企共建产业学院数', unit: '个' },
            { ...COUNT, code: 'T01_37', label: '订单培养、现代学徒制培养学生数', unit: '人' },
            { ...MONEY, code: 'T01_38', label: '建设期内企业捐赠（准捐赠）设备值' },
          ],
        },
        {
          code: 'G01_8',
          name: '服务发展水平',
          indicators: [
            { ...COUNT, code: 'T01_39', label: '建设期内开展社会培训人次', unit: '人次', required: true },
            { ...COUNT, code: 'T01_40', label: '2023届毕业生在本省就业人数', unit: '人' },
            {
              ...PERCENT,
              code: 'T01_41',
              label: '2023届毕业生本省就业比例',
              calculate: 'ratio(T01_40, T01_16)',
              help: '自动计算：在本省就业人数 ÷ 就业人数',
            },
            {
              ...COUNT,
              code: 'T01_42',
              label: '建设期内服务乡村振兴、东西部协作和对口支援项目数',
              unit: '项',
            },
          ],
        },
        {
          code: 'G01_9',
          name: '学校治理水平',
          indicators: [
            {
              code: 'T01_43',
              label: '学校章程最近一次核准日期',
              type: 'date',
              required: true,
              evidenceRequired: true,
            },
            { code: 'T01_44', label: '是否建立理事会（董事会）', type: 'boolean', required: true },
            {
              code: 'T01_45',
              label: '内部质量保证体系诊断与改进',
              type: 'choice',
              choices: 'qualityAssurance',
              required: true,
            },
          ],
        },
        {
          code: 'G01_10',
          name: '信息化水平',
          indicators: [
            {
              code: 'T01_46',
              label: '校园网出口带宽',
              type: 'decimal',
              unit: 'Gbps',
              min: 0,
              decimals: 1,
            },
            {
              ...COUNT,
              code: 'T01_47',
              label: '主持国家级职业教育专业教学资源库数',
              unit: '个',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T01_48',
              label: '国家级精品在线开放课程数',
              unit: '门',
              evidenceRequired: true,
            },
            { code: 'T01_49', label: '是否接入国家职业教育智慧教育平台', type: 'boolean' },
          ],
        },
        {
          code: 'G01_11',
          name: '国际化水平',
          indicators: [
            {
              ...COUNT,
              code: 'T01_50',
              label: '境外办学机构（项目）数',
              unit: '个',
              help: '含鲁班工坊等境外办学机构和项目',
            },
            {
              ...COUNT,
              code: 'T01_51',
              label: '境外办学机构（项目）所在国家（地区）数',
              unit: '个',
              relevant: 'T01_50 > 0',
              required: true,
            },
            { ...COUNT, code: 'T01_52', label: '招收全日制留学生数', unit: '人' },
            {
              ...COUNT,
              code: 'T01_53',
              label: '被境外采用的专业标准和课程标准数',
              unit: '个',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G01_12',
          name: '资金保障和项目审计',
          indicators: [
            {
              code: 'T01_54',
              label: '第三方审计机构名称',
              type: 'text',
              required: true,
              help: '建设单位须聘请具有资质的第三方审计机构完成“双高计划”项目审计',
            },
            {
              code: 'T01_55',
              label: '项目审计报告出具日期',
              type: 'date',
              required: true,
              evidenceRequired: true,
              help: '2024年3月6日前出具项目审计报告并上传至监测平台；审计报告要就资金筹措、使用、管理及其有效性作出具体明确的审计意见',
              rules: [
                {
                  id: 'F01_1',
                  expr: "T01_55 <= '2024-03-06'",
                  message: '项目审计报告出具日期为{T01_55}，晚于通知要求的2024年3月6日',
                  severity: 'warning',
                },
              ],
            },
            {
              code: 'T01_56',
              label: '审计意见类型',
              type: 'choice',
              choices: 'auditOpinion',
              required: true,
            },
            {
              code: 'T01_57',
              label: '非无保留意见的事项和整改情况',
              type: 'text',
              relevant: "T01_56 != 'unqualified'",
              required: true,
            },
            {
              ...MONEY,
              code: 'T01_58',
              label: '审计发现违规使用资金金额',
              required: true,
              rules: [
                {
                  id: 'F01_3',
                  expr: 'T01_58 = 0',
                  message: '审计发现违规使用资金{T01_58}万元，资金使用的合规性是绩效评价内容，请说明整改情况',
                  severity: 'warning',
                },
              ],
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R01_1',
          expr: "(T01_01 = 'school' and T01_03 = 2) or (T01_01 = 'group' and T01_03 = 1)",
          message:
            '高水平学校建设单位评价两个立项专业群，高水平专业群建设单位评价一个立项专业群，请核实参加评价的立项专业群数（{T01_03}个）',
          severity: 'error',
        },
        {
          id: 'R01_2',
          expr: 'T01_05 <= T01_04',
          message: '已达成的绩效目标数（{T01_05}个）不能超过绩效目标数（{T01_04}个）',
          severity: 'error',
        },
        {
          id: 'R01_3',
          expr: 'T01_08 <= T01_07',
          message: '已完成的建设任务数（{T01_08}项）不能超过建设任务数（{T01_07}项）',
          severity: 'error',
        },
        {
          id: 'R01_4',
          expr: 'T01_16 <= T01_15',
          message: '2023届毕业生就业人数（{T01_16}人）不能超过毕业生数（{T01_15}人）',
          severity: 'error',
        },
        {
          id: 'R01_5',
          expr: 'T01_19 <= T01_18',
          message: '一等奖数（{T01_19}项）不能超过技能大赛奖项数（{T01_18}项）',
          severity: 'error',
        },
        {
          id: 'R01_6',
          expr: 'T01_26 <= T01_14',
          message: '立项专业群在校生数（{T01_26}人）不能超过全日制高职在校生数（{T01_14}人）',
          severity: 'error',
        },
        {
          id: 'R01_7',
          expr: 'T01_30 <= T01_29',
          message: '“双师型”教师数（{T01_30}人）不能超过专任教师数（{T01_29}人）',
          severity: 'error',
        },
        {
          id: 'R01_8',
          expr: 'T01_37 <= T01_14',
          message: '订单培养、现代学徒制培养学生数（{T01_37}人）超过全日制高职在校生数（{T01_14}人），请核实',
          severity: 'warning',
        },
        {
          id: 'R01_9',
          expr: 'T01_40 <= T01_16',
          message: '在本省就业人数（{T01_40}人）不能超过就业人数（{T01_16}人）',
          severity: 'error',
        },
        {
          id: 'R01_10',
          expr: 'T01_51 <= T01_50',
          message:
            '境外办学机构（项目）所在国家（地区）数（{T01_51}个）不能超过境外办学机构（项目）数（{T01_50}个）',
          severity: 'error',
        },
        {
          id: 'R01_11',
          expr: 'T01_25 >= T01_03',
          message: '立项专业群覆盖的专业数（{T01_25}个）少于立项专业群数（{T01_03}个），请核实',
          severity: 'error',
        },
      ],
    },
    // ───────────────────────────── 专业群层面 ─────────────────────────────
    {
      code: 'T02',
      no: 2,
      name: '专业群层面建设任务',
      description:
        '每个立项专业群分别填报、分别评分：高水平学校建设单位为专业群A和专业群B，高水平专业群建设单位为一个专业群。' +
        '专业群从以下九个方面进行考核：人才培养模式、课程教学资源、教材与教法、教师教学创新团队、实践教学基地、' +
        '技术技能平台、社会服务、国际交流与合作、可持续发展保障机制。',
      levels: ['全国性'],
      subTypes: ['专业群A', '专业群B', '专业群'],
      groups: [
        {
          code: 'G02_1',
          name: '建设绩效完成情况',
          indicators: [
            { code: 'T02_01', label: '专业群名称', type: 'text', required: true },
            { code: 'T02_02', label: '专业群负责人', type: 'text', required: true },
            { code: 'T02_03', label: '专业群对接的产业（产业链）', type: 'text', required: true },
            {
              ...COUNT,
              code: 'T02_04',
              label: '群内专业数',
              unit: '个',
              required: true,
              rules: [
                {
                  id: 'F02_1',
                  expr: 'T02_04 >= 2',
                  message: '群内专业数为{T02_04}个，专业群应由两个及以上专业组成，请核实',
                  severity: 'warning',
                },
              ],
            },
            { ...COUNT, code: 'T02_05', label: '专业群绩效目标数', unit: '个', required: true },
            {
              ...COUNT,
              code: 'T02_06',
              label: '已达成的专业群绩效目标数',
              unit: '个',
              required: true,
              evidenceRequired: true,
            },
            {
              ...PERCENT,
              code: 'T02_07',
              label: '专业群绩效目标达成度',
              calculate: 'ratio(T02_06, T02_05)',
              help: '自动计算：已达成的绩效目标数 ÷ 绩效目标数',
            },
            { ...COUNT, code: 'T02_08', label: '专业群建设任务数', unit: '项', required: true },
            {
              ...COUNT,
              code: 'T02_09',
              label: '已完成的专业群建设任务数',
              unit: '项',
              required: true,
              evidenceRequired: true,
            },
            {
              ...PERCENT,
              code: 'T02_10',
              label: '专业群建设任务完成度',
              calculate: 'ratio(T02_09, T02_08)',
              help: '自动计算：已完成的建设任务数 ÷ 建设任务数',
            },
          ],
        },
        {
          code: 'G02_2',
          name: '人才培养模式',
          indicators: [
            {
              ...COUNT,
              code: 'T02_11',
              label: '专业群全日制在校生数',
              unit: '人',
              required: true,
              help: '截至2023年12月31日',
            },
            { ...COUNT, code: 'T02_12', label: '现代学徒制、订单培养学生数', unit: '人' },
            { ...PERCENT, code: 'T02_13', label: '专业群2023届毕业生就业率', required: true },
            {
              ...COUNT,
              code: 'T02_14',
              label: '建设期内学生获省级及以上技能大赛奖项数',
              unit: '项',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G02_3',
          name: '课程教学资源',
          indicators: [
            { ...COUNT, code: 'T02_15', label: '主持或参与建设国家级专业教学资源库数', unit: '个' },
            {
              ...COUNT,
              code: 'T02_16',
              label: '国家级精品在线开放课程数',
              unit: '门',
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T02_17', label: '建设期内校企共同开发课程数', unit: '门' },
          ],
        },
        {
          code: 'G02_4',
          name: '教材与教法',
          indicators: [
            {
              ...COUNT,
              code: 'T02_18',
              label: '“十四五”职业教育国家规划教材数',
              unit: '种',
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T02_19', label: '新形态教材（活页式、工作手册式）数', unit: '种' },
            {
              ...COUNT,
              code: 'T02_20',
              label: '建设期内获全国职业院校技能大赛教学能力比赛奖项数',
              unit: '项',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G02_5',
          name: '教师教学创新团队',
          indicators: [
            { ...COUNT, code: 'T02_21', label: '专业群专任教师数', unit: '人', required: true },
            { ...COUNT, code: 'T02_22', label: '专业群“双师型”教师数', unit: '人', required: true },
            {
              ...PERCENT,
              code: 'T02_23',
              label: '专业群“双师型”教师占比',
              calculate: 'ratio(T02_22, T02_21)',
              help: '自动计算：“双师型”教师数 ÷ 专任教师数',
            },
            {
              code: 'T02_24',
              label: '是否立项国家级职业教育教师教学创新团队',
              type: 'boolean',
              required: true,
            },
            {
              code: 'T02_25',
              label: '国家级教师教学创新团队立项年份',
              type: 'integer',
              min: 2019,
              max: 2023,
              relevant: 'T02_24 = true',
              required: true,
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T02_26', label: '专业群企业兼职教师数', unit: '人' },
          ],
        },
        {
          code: 'G02_6',
          name: '实践教学基地',
          indicators: [
            { ...COUNT, code: 'T02_27', label: '校内实训基地工位数', unit: '个', required: true },
            { ...MONEY, code: 'T02_28', label: '校内实践教学设备总值', required: true },
            { ...MONEY, code: 'T02_29', label: '其中：建设期内新增设备值' },
            { ...COUNT, code: 'T02_30', label: '校外实习基地数', unit: '个' },
          ],
        },
        {
          code: 'G02_7',
          name: '技术技能平台',
          indicators: [
            { ...COUNT, code: 'T02_31', label: '专业群技术技能平台数', unit: '个', evidenceRequired: true },
            { ...MONEY, code: 'T02_32', label: '建设期内专业群技术服务到款额' },
            { ...COUNT, code: 'T02_33', label: '建设期内专业群授权专利数', unit: '件' },
          ],
        },
        {
          code: 'G02_8',
          name: '社会服务',
          indicators: [
            {
              ...COUNT,
              code: 'T02_34',
              label: '建设期内专业群开展社会培训人次',
              unit: '人次',
              required: true,
            },
            { ...COUNT, code: 'T02_35', label: '建设期内服务企业数', unit: '家' },
          ],
        },
        {
          code: 'G02_9',
          name: '国际交流与合作',
          indicators: [
            { ...COUNT, code: 'T02_36', label: '被境外采用的专业标准和课程标准数', unit: '个' },
            { ...COUNT, code: 'T02_37', label: '建设期内培养国（境）外学生、学员数', unit: '人' },
          ],
        },
        {
          code: 'G02_10',
          name: '可持续发展保障机制',
          indicators: [
            {
              code: 'T02_38',
              label: '专业群动态调整机制',
              type: 'choice',
              choices: 'mechanism',
              required: true,
            },
            { ...COUNT, code: 'T02_39', label: '专业群建设管理制度数', unit: '项' },
          ],
        },
      ],
      rules: [
        {
          id: 'R02_1',
          expr: 'T02_06 <= T02_05',
          message: '已达成的绩效目标数（{T02_06}个）不能超过绩效目标数（{T02_05}个）',
          severity: 'error',
        },
        {
          id: 'R02_2',
          expr: 'T02_09 <= T02_08',
          message: '已完成的建设任务数（{T02_09}项）不能超过建设任务数（{T02_08}项）',
          severity: 'error',
        },
        {
          id: 'R02_3',
          expr: 'T02_12 <= T02_11',
          message: '现代学徒制、订单培养学生数（{T02_12}人）超过专业群在校生数（{T02_11}人），请核实',
          severity: 'warning',
        },
        {
          id: 'R02_4',
          expr: 'T02_22 <= T02_21',
          message: '“双师型”教师数（{T02_22}人）不能超过专任教师数（{T02_21}人）',
          severity: 'error',
        },
        {
          id: 'R02_5',
          expr: 'T02_29 <= T02_28',
          message: '建设期内新增设备值（{T02_29}万元）不能超过设备总值（{T02_28}万元）',
          severity: 'error',
        },
      ],
    },
  ],
  outline: [
    {
      code: 'S1',
      title: '建设任务与绩效目标完成情况',
      guidance:
        '对照建设方案和任务书，逐项说明学校层面和各立项专业群建设任务完成度、绩效目标达成度，体现任务完成、' +
        '承诺兑现的进度和程度；未完成的任务和目标逐项说明原因。引用的数据应与填报的绩效评价数据一致。',
      maxChars: 5000,
      minChars: 800,
    },
    {
      code: 'S2',
      title: '资金保障和使用情况',
      guidance:
        '说明中央财政、地方各级财政、举办方、行业企业和学校自筹资金的到位率、预算执行率，资金使用的合规性，' +
        '以及第三方审计机构就资金筹措、使用、管理及其有效性作出的审计意见。',
      maxChars: 3000,
      minChars: 300,
    },
    {
      code: 'S3',
      title: '项目建设水平',
      guidance:
        '学校从党的建设和思想政治工作、技术技能人才培养高地、技术技能创新服务平台、高水平专业群、高水平双师队伍、' +
        '校企合作水平、服务发展水平、学校治理水平、信息化水平、国际化水平十个方面，专业群从人才培养模式、课程教学资源、' +
        '教材与教法、教师教学创新团队、实践教学基地、技术技能平台、社会服务、国际交流与合作、可持续发展保障机制九个方面，' +
        '用标志性成果和数据说明建设水平。',
      maxChars: 8000,
      minChars: 1500,
    },
    {
      code: 'S4',
      title: '支撑力和贡献度',
      guidance:
        '着重突出实际取得的效果，凸显学校和专业群在对接国家重大产业布局、服务国家重大战略、服务区域经济发展方面，' +
        '在落实“一体两翼五重点”战略部署方面的作用，突出支撑力和贡献度。',
      maxChars: 3000,
      minChars: 500,
    },
    {
      code: 'S5',
      title: '特色经验做法和典型案例',
      guidance:
        '总结凝练建设单位的特色经验做法，结合提交的典型案例，按“背景—做法—成效—推广价值”撰写，文字简练。',
      maxChars: 3000,
      minChars: 300,
    },
    {
      code: 'S6',
      title: '存在问题和改进措施',
      guidance: '实事求是分析建设中存在的问题和差距，提出改进措施和后续建设打算。',
      maxChars: 2000,
      minChars: 200,
    },
  ],
  scoring: {
    parts: [
      {
        code: 'school',
        name: '学校层面',
        dimensions: [
          {
            code: 'party',
            name: '党的建设和思想政治工作',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('加强党的建设'),
          },
          {
            code: 'talent',
            name: '技术技能人才培养高地',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('打造技术技能人才培养高地'),
          },
          {
            code: 'innovation',
            name: '技术技能创新服务平台',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('打造技术技能创新服务平台'),
          },
          {
            code: 'clusters',
            name: '高水平专业群',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('打造高水平专业群'),
          },
          {
            code: 'faculty',
            name: '高水平双师队伍',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('打造高水平双师队伍'),
          },
          {
            code: 'enterprise',
            name: '校企合作水平',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('提升校企合作水平'),
          },
          {
            code: 'service',
            name: '服务发展水平',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('提升服务发展水平'),
          },
          {
            code: 'governance',
            name: '学校治理水平',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('提升学校治理水平'),
          },
          {
            code: 'digital',
            name: '信息化水平',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('提升信息化水平'),
          },
          {
            code: 'global',
            name: '国际化水平',
            weight: 0.1,
            maxScore: 100,
            guidance: guide('提升国际化水平'),
          },
        ],
      },
      {
        code: 'cluster',
        name: '专业群层面',
        dimensions: [
          {
            code: 'model',
            name: '人才培养模式',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('人才培养模式创新'),
          },
          {
            code: 'courses',
            name: '课程教学资源',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('课程教学资源建设'),
          },
          {
            code: 'textbooks',
            name: '教材与教法',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('教材与教法改革'),
          },
          {
            code: 'team',
            name: '教师教学创新团队',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('教师教学创新团队建设'),
          },
          {
            code: 'practice',
            name: '实践教学基地',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('实践教学基地建设'),
          },
          {
            code: 'platform',
            name: '技术技能平台',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('技术技能平台建设'),
          },
          { code: 'service', name: '社会服务', weight: 1 / 9, maxScore: 100, guidance: guide('社会服务') },
          {
            code: 'global',
            name: '国际交流与合作',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('国际交流与合作'),
          },
          {
            code: 'sustain',
            name: '可持续发展保障机制',
            weight: 1 / 9,
            maxScore: 100,
            guidance: guide('可持续发展保障机制'),
          },
        ],
      },
    ],
    combinations: [
      {
        code: 'school',
        name: '高水平学校建设单位',
        slots: [
          { slot: 'school', part: 'school', label: '学校层面', weight: 0.5 },
          { slot: 'clusterA', part: 'cluster', label: '专业群A', weight: 0.25 },
          { slot: 'clusterB', part: 'cluster', label: '专业群B', weight: 0.25 },
        ],
      },
      {
        code: 'group',
        name: '高水平专业群建设单位',
        slots: [
          { slot: 'school', part: 'school', label: '学校层面', weight: 0.3 },
          { slot: 'cluster', part: 'cluster', label: '专业群', weight: 0.7 },
        ],
      },
    ],
  },
};
