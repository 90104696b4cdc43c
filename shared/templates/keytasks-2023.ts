/**
 * Built-in template: 教育部办公厅关于加快推进现代职业教育体系建设改革重点任务的通知（教职成厅函〔2023〕20号）.
 *
 * The 11 key tasks in the notice's order, with the indicators a construction unit (建设单位) reports every
 * year by 15 December (绩效数据), the annual work report outline (年度工作报告), the funding table and a
 * simple unit-level scoring scheme for the provincial assessment (考核评价).
 *
 * Conventions used below:
 * - indicator codes are `Txx_nn`, unique across the template; groups are `Gxx_n`; task rules `Rxx_n`,
 *   field rules `Fxx_n`;
 * - 时点数 (stock figures such as member counts) are taken as at 31 December of the reporting year; labels
 *   starting with 本年度 are period figures for the calendar year;
 * - percent values are stored as fractions 0–1 (0.35 = 35%); money is in 万元 with two decimals.
 */
import type { TemplateInput } from '../domain/template.ts';

/** A count of things (个/家/所/人/人次 …). */
const COUNT = { type: 'integer', min: 0 } as const;
/** Money in 万元. */
const MONEY = { type: 'money', unit: '万元', min: 0, decimals: 2 } as const;
/** A rate stored as a fraction 0–1; decimals counts places of the displayed percentage (12.34%). */
const PERCENT = { type: 'percent', unit: '%', min: 0, max: 1, decimals: 2 } as const;
/** Year-on-year warning threshold for volume indicators (±50%). */
const YOY = 0.5;

export const keyTasks2023: TemplateInput = {
  id: 'keytasks-2023',
  version: '2023.1',
  name: '现代职业教育体系建设改革重点任务绩效数据',
  programme: '现代职业教育体系建设改革重点任务',
  issuer: '教职成厅函〔2023〕20号',
  years: [2023, 2024, 2025, 2026, 2027],
  deadline: '12-15',
  grades: [
    { name: '优秀', minScore: 90 },
    { name: '良好', minScore: 75 },
    { name: '合格', minScore: 60 },
    { name: '不合格', minScore: 0 },
  ],
  stages: [
    { code: 'self', name: '单位自评', deadline: '12-15' },
    { code: 'province', name: '省级考核评价' },
  ],
  funding: {
    unit: '万元',
    sources: [
      { code: 'CENTRAL', name: '中央财政资金' },
      { code: 'LOCAL', name: '地方财政资金' },
      { code: 'SPONSOR', name: '举办方投入' },
      { code: 'ENTERPRISE', name: '行业企业投入' },
      { code: 'SELF', name: '学校自筹' },
    ],
  },
  choiceLists: {
    governance: [
      { code: 'council', label: '理事会' },
      { code: 'board', label: '董事会' },
      { code: 'other', label: '其他' },
    ],
    industryField: [
      { code: 'rail', label: '先进轨道交通装备' },
      { code: 'aerospace', label: '航空航天装备' },
      { code: 'marine', label: '船舶与海洋工程装备' },
      { code: 'materials', label: '新材料' },
      { code: 'ordnance', label: '兵器工业' },
      { code: 'ict', label: '新一代信息技术产业' },
      { code: 'cnc', label: '高档数控机床和机器人' },
      { code: 'instruments', label: '高端仪器' },
      { code: 'energyElectronics', label: '能源电子' },
      { code: 'nev', label: '节能与新能源汽车' },
      { code: 'power', label: '电力装备' },
      { code: 'agriMachinery', label: '农机装备' },
      { code: 'biomed', label: '生物医药及高性能医疗器械' },
      { code: 'other', label: '其他行业领域' },
    ],
    platform: [
      { code: 'national', label: '国家职业教育智慧教育平台' },
      { code: 'provincial', label: '省级职业教育智慧教育平台' },
      { code: 'none', label: '未接入' },
    ],
    eduLevel: [
      { code: 'secondary', label: '中职' },
      { code: 'higher', label: '高职专科' },
      { code: 'bachelor', label: '职业本科' },
      { code: 'through', label: '中职、高职、本科贯通' },
    ],
    planStatus: [
      { code: 'implemented', label: '已制定并实施' },
      { code: 'drafted', label: '已制定，尚未实施' },
      { code: 'none', label: '未制定' },
    ],
    courseMode: [
      { code: 'online', label: '线上课程' },
      { code: 'offline', label: '线下课程' },
      { code: 'blended', label: '线上线下混合式课程' },
    ],
    textbookForm: [
      { code: 'paper', label: '纸质教材' },
      { code: 'newForm', label: '新形态一体化教材' },
      { code: 'looseLeaf', label: '活页式教材' },
      { code: 'workbook', label: '工作手册式教材' },
      { code: 'digital', label: '数字教材' },
    ],
    textbookField: [
      { code: 'emerging', label: '战略性新兴产业' },
      { code: 'manufacturing', label: '先进制造业' },
      { code: 'services', label: '现代服务业' },
      { code: 'agriculture', label: '现代农业' },
      { code: 'other', label: '其他' },
    ],
    intlCategory: [
      { code: 'standard', label: '职业教育标准' },
      { code: 'resource', label: '优质教学资源' },
      { code: 'equipment', label: '专业仪器设备装备' },
    ],
  },
  tasks: [
    // ───────────────────────────── (一) 市域产教联合体 ─────────────────────────────
    {
      code: 'T01',
      no: 1,
      name: '打造市域产教联合体',
      description:
        '按照教职成厅函〔2023〕15号要求，打造兼具人才培养、创新创业、促进产业经济高质量发展功能的省级市域产教联合体。' +
        '发挥政府主导作用，建立政行企校协调联动的工作机制，推动实体化运作；搭建共性技术服务平台，建设产教融合实训基地，' +
        '广泛开展中国特色学徒制培养，引导联合体内企业接收职业院校学生实习实训，支持学校服务企业技术创新、工艺改进、产品升级。',
      nationalTargets: [
        {
          year: 2025,
          text: '省级教育行政部门领导本省市域产教联合体建设，防止一哄而上、盲目建设；第二批国家级市域产教联合体原则上从省级市域产教联合体中择优产生',
        },
      ],
      levels: ['全国性', '省级'],
      groups: [
        {
          code: 'G01_1',
          name: '组织运行',
          indicators: [
            {
              ...COUNT,
              code: 'T01_01',
              label: '成员单位总数',
              unit: '家',
              required: true,
              yoyThreshold: YOY,
              help: '截至当年12月31日签署协议加入联合体的政府部门、企业、学校、科研机构等成员单位总数',
            },
            {
              ...COUNT,
              code: 'T01_02',
              label: '其中：成员企业数',
              unit: '家',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T01_03',
              label: '其中：规模以上企业数',
              unit: '家',
              help: '按统计部门规模以上企业口径认定的成员企业数',
            },
            {
              ...COUNT,
              code: 'T01_04',
              label: '成员职业院校数',
              unit: '所',
              required: true,
              help: '含中职学校、高职专科学校和职业本科学校',
            },
            {
              ...PERCENT,
              code: 'T01_05',
              label: '企业成员占比',
              calculate: 'ratio(T01_02, T01_01)',
              help: '自动计算：成员企业数 ÷ 成员单位总数',
            },
            {
              code: 'T01_06',
              label: '是否实体化运作',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
              help: '产权明晰、组织完备、机制健全、运行高效；请上传章程、登记证书或实体运行机构的设立文件',
            },
            {
              code: 'T01_07',
              label: '运行机制',
              type: 'choice',
              choices: 'governance',
              required: true,
              evidenceRequired: true,
              help: '政府、企业、学校、科研机构等多方参与的理事会（董事会）等治理机构',
            },
            {
              code: 'T01_08',
              label: '其他运行机制说明',
              type: 'text',
              relevant: "T01_07 = 'other'",
              required: true,
            },
            {
              code: 'T01_09',
              label: '挂牌成立日期',
              type: 'date',
              required: true,
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G01_2',
          name: '平台基地',
          indicators: [
            {
              ...COUNT,
              code: 'T01_10',
              label: '共性技术服务平台数',
              unit: '个',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T01_11',
              label: '产教融合实训基地数',
              unit: '个',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
          ],
        },
        {
          code: 'G01_3',
          name: '人才培养',
          indicators: [
            {
              ...COUNT,
              code: 'T01_12',
              label: '本年度中国特色学徒制培养人数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T01_13', label: '本年度订单班培养人数', unit: '人', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T01_14',
              label: '本年度联合体内企业接收实习实训学生人数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...PERCENT,
              code: 'T01_15',
              label: '成员院校毕业生本地就业率',
              help: '在联合体所在地市就业的毕业生人数 ÷ 已就业毕业生总数',
              rules: [
                {
                  id: 'F01_1',
                  expr: 'T01_15 >= 0.1',
                  message: '毕业生本地就业率为{T01_15}，明显偏低，请核实统计口径',
                  severity: 'warning',
                },
              ],
            },
          ],
        },
        {
          code: 'G01_4',
          name: '服务贡献',
          indicators: [
            {
              ...COUNT,
              code: 'T01_16',
              label: '本年度技术服务项目数',
              unit: '项',
              required: true,
              yoyThreshold: YOY,
              help: '为企业技术创新、工艺改进、产品升级提供的技术咨询、技术开发、技术转让等项目',
            },
            {
              ...MONEY,
              code: 'T01_17',
              label: '本年度技术服务到款额',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T01_18', label: '本年度企业员工培训人次', unit: '人次', yoyThreshold: YOY },
          ],
        },
      ],
      rules: [
        {
          id: 'R01_1',
          expr: 'T01_02 <= T01_01',
          message: '其中成员企业数（{T01_02}家）不能超过成员单位总数（{T01_01}家）',
          severity: 'error',
        },
        {
          id: 'R01_2',
          expr: 'T01_03 <= T01_02',
          message: '其中规模以上企业数（{T01_03}家）不能超过成员企业数（{T01_02}家）',
          severity: 'error',
        },
        {
          id: 'R01_3',
          expr: 'T01_02 + T01_04 <= T01_01',
          message:
            '成员企业数（{T01_02}家）与成员职业院校数（{T01_04}所）之和不能超过成员单位总数（{T01_01}家）',
          severity: 'error',
        },
        {
          id: 'R01_4',
          expr: 'T01_16 = 0 or T01_17 > 0',
          message: '本年度有技术服务项目（{T01_16}项），但技术服务到款额为0，请核实',
          severity: 'warning',
        },
        {
          id: 'R01_5',
          expr: 'T01_17 = 0 or T01_16 > 0',
          message: '本年度技术服务到款额为{T01_17}万元，但技术服务项目数为0，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (二) 行业产教融合共同体 ─────────────────────────────
    {
      code: 'T02',
      no: 2,
      name: '打造行业产教融合共同体',
      description:
        '支持龙头企业和高水平高等学校、职业学校牵头，联合行业组织、学校、科研机构、上下游企业等，组建跨区域行业产教融合共同体。' +
        '建立健全实体化运行机制，有组织开发优质教学评价标准、专业核心课程、实践能力项目和教学装备，培养行业急需的高素质技术技能人才，' +
        '建成一批行业领先的技术创新中心。',
      nationalTargets: [
        {
          year: 2025,
          text: '教育部在先进轨道交通装备、航空航天装备、船舶与海洋工程装备、新材料、兵器工业5个领域进行首批布局，并在新一代信息技术产业、高档数控机床和机器人等重点行业和重点领域指导建设一批全国性跨区域行业产教融合共同体，带动地方建设一批区域性行业产教融合共同体',
        },
      ],
      levels: ['全国性', '区域性'],
      groups: [
        {
          code: 'G02_1',
          name: '组织运行',
          indicators: [
            {
              code: 'T02_01',
              label: '所属行业领域',
              type: 'choice',
              choices: 'industryField',
              required: true,
            },
            {
              code: 'T02_02',
              label: '其他行业领域名称',
              type: 'text',
              relevant: "T02_01 = 'other'",
              required: true,
            },
            {
              ...COUNT,
              code: 'T02_03',
              label: '成员单位总数',
              unit: '家',
              required: true,
              yoyThreshold: YOY,
              help: '截至当年12月31日的成员单位数',
            },
            { ...COUNT, code: 'T02_04', label: '其中：企业数', unit: '家', required: true },
            { ...COUNT, code: 'T02_05', label: '其中：职业学校数', unit: '所', required: true },
            { ...COUNT, code: 'T02_06', label: '其中：普通高等学校数', unit: '所' },
            { ...COUNT, code: 'T02_07', label: '其中：行业组织和科研机构数', unit: '个' },
            {
              ...COUNT,
              code: 'T02_08',
              label: '成员单位覆盖省份数',
              unit: '个',
              required: true,
              max: 34,
              help: '成员单位所在的省级行政区数量',
            },
            {
              code: 'T02_09',
              label: '是否建立实体化运行机制',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G02_2',
          name: '共建成果',
          indicators: [
            {
              ...COUNT,
              code: 'T02_10',
              label: '本年度共同开发教学评价标准数',
              unit: '个',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T02_11',
              label: '本年度共同开发专业核心课程数',
              unit: '门',
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T02_12', label: '本年度共同开发实践能力项目数', unit: '个' },
            { ...COUNT, code: 'T02_13', label: '本年度共同开发教学装备数', unit: '台套' },
            {
              ...COUNT,
              code: 'T02_14',
              label: '行业领先的技术创新中心数',
              unit: '个',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G02_3',
          name: '服务贡献',
          indicators: [
            {
              ...COUNT,
              code: 'T02_15',
              label: '本年度培养行业急需技术技能人才数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T02_16',
              label: '本年度成员企业录用成员院校毕业生人数',
              unit: '人',
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T02_17', label: '本年度联合技术攻关项目数', unit: '项', yoyThreshold: YOY },
            {
              ...MONEY,
              code: 'T02_18',
              label: '本年度技术攻关和技术服务到款额',
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R02_1',
          expr: 'sum(T02_04, T02_05, T02_06, T02_07) <= T02_03',
          message: '企业、职业学校、普通高等学校、行业组织和科研机构数之和不能超过成员单位总数（{T02_03}家）',
          severity: 'error',
        },
        {
          id: 'R02_2',
          expr: 'T02_08 >= 2',
          message: '行业产教融合共同体应跨区域组建，成员单位仅覆盖{T02_08}个省份，请核实',
          severity: 'warning',
        },
        {
          id: 'R02_3',
          expr: 'T02_17 = 0 or T02_18 > 0',
          message: '本年度有联合技术攻关项目（{T02_17}项），但到款额为0，请核实',
          severity: 'warning',
        },
        {
          id: 'R02_4',
          expr: 'T02_04 >= 1 and T02_05 >= 1',
          message: '共同体应由企业和学校共同组建，目前企业{T02_04}家、职业学校{T02_05}所，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (三) 开放型区域产教融合实践中心 ─────────────────────────────
    {
      code: 'T03',
      no: 3,
      name: '建设开放型区域产教融合实践中心',
      description:
        '面向国家重大战略和区域经济发展，建设集实践教学、社会培训、真实生产和技术服务功能为一体的学校实践中心、企业实践中心和公共实践中心。' +
        '加强经费和人员投入，围绕企业生产经营关键问题开展协同创新，聚焦行业紧缺高技能人才开展联合培养，形成国家、省、市三级实践中心体系。',
      nationalTargets: [
        {
          year: 2025,
          text: '到2025年，建成300个左右全国性实践中心，带动各地建设一批省级和市级实践中心，形成国家省市三级实践中心体系',
          value: 300,
          unit: '个',
        },
      ],
      levels: ['全国性', '省级', '市级'],
      subTypes: ['学校实践中心', '企业实践中心', '公共实践中心'],
      groups: [
        {
          code: 'G03_1',
          name: '基本条件',
          indicators: [
            {
              code: 'T03_01',
              label: '实践中心建筑面积',
              unit: '平方米',
              type: 'decimal',
              decimals: 2,
              min: 0,
              required: true,
            },
            {
              ...MONEY,
              code: 'T03_02',
              label: '实践教学设备总值',
              required: true,
              evidenceRequired: true,
              help: '截至当年12月31日，实践中心在用教学、生产、科研设备资产原值',
            },
            { ...COUNT, code: 'T03_03', label: '实训工位数', unit: '个', required: true },
            { ...COUNT, code: 'T03_04', label: '专兼职人员总数', unit: '人', required: true },
            { ...COUNT, code: 'T03_05', label: '其中：来自行业企业的技术人员数', unit: '人' },
          ],
        },
        {
          code: 'G03_2',
          name: '建设投入',
          indicators: [
            {
              ...MONEY,
              code: 'T03_06',
              label: '本年度经费投入',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
            { ...MONEY, code: 'T03_07', label: '其中：行业企业投入', evidenceRequired: true },
            {
              ...PERCENT,
              code: 'T03_08',
              label: '行业企业投入占比',
              calculate: 'ratio(T03_07, T03_06)',
              help: '自动计算：行业企业投入 ÷ 本年度经费投入',
            },
          ],
        },
        {
          code: 'G03_3',
          name: '实践教学与培训',
          indicators: [
            {
              ...COUNT,
              code: 'T03_09',
              label: '本年度实践教学人时数',
              unit: '人时',
              required: true,
              yoyThreshold: YOY,
              help: '参加实践教学的学生人数 × 实践教学时数（小时）之和',
            },
            { ...COUNT, code: 'T03_10', label: '本年度服务院校数', unit: '所', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T03_11',
              label: '本年度社会培训人次',
              unit: '人次',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T03_12',
              label: '本年度联合培养行业紧缺高技能人才数',
              unit: '人',
              yoyThreshold: YOY,
            },
          ],
        },
        {
          code: 'G03_4',
          name: '生产与技术服务',
          indicators: [
            { ...COUNT, code: 'T03_13', label: '本年度承接真实生产项目数', unit: '项', yoyThreshold: YOY },
            { ...MONEY, code: 'T03_14', label: '本年度生产经营收入', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T03_15',
              label: '本年度协同创新和技术服务项目数',
              unit: '项',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...MONEY,
              code: 'T03_16',
              label: '本年度技术服务到款额',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T03_17',
              label: '本年度取得突出成果数',
              unit: '项',
              evidenceRequired: true,
              help: '授权专利、制定的行业企业标准、新工艺新工法、省部级以上奖励等',
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R03_1',
          expr: 'T03_05 <= T03_04',
          message: '其中来自行业企业的技术人员数（{T03_05}人）不能超过专兼职人员总数（{T03_04}人）',
          severity: 'error',
        },
        {
          id: 'R03_2',
          expr: 'T03_07 <= T03_06',
          message: '其中行业企业投入（{T03_07}万元）不能超过本年度经费投入（{T03_06}万元）',
          severity: 'error',
        },
        {
          id: 'R03_3',
          expr: 'T03_15 = 0 or T03_16 > 0',
          message: '本年度有协同创新和技术服务项目（{T03_15}项），但技术服务到款额为0，请核实',
          severity: 'warning',
        },
        {
          id: 'R03_4',
          expr: 'T03_09 <= T03_03 * 5840',
          message:
            '实践教学人时数（{T03_09}）超过全部实训工位（{T03_03}个）全年满负荷（每工位每天16小时）的承载量，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (四) 专业教学资源库 ─────────────────────────────
    {
      code: 'T04',
      no: 4,
      name: '持续建设职业教育专业教学资源库',
      description:
        '构建校、省、国家三级，中职、高职、本科全覆盖的资源库共建共享体系。资源库围绕某个专业建设，涵盖专业人才培养方案、课程教学资源、' +
        '知识图谱、必备技能及对应的职业岗位标准，覆盖全部专业核心课程，扩展建设必要的专业基础课程；各级资源库接入国家或省级职业教育智慧教育平台，' +
        '主动接受应用情况监测。',
      nationalTargets: [
        { year: 2025, text: '到2025年，建成一批全国性资源库' },
        {
          year: 2025,
          text: '带动地方建设1000个左右区域性资源库，基本实现职业教育专业全覆盖',
          value: 1000,
          unit: '个',
        },
      ],
      levels: ['全国性', '区域性', '校级'],
      groups: [
        {
          code: 'G04_1',
          name: '基本情况',
          indicators: [
            { code: 'T04_01', label: '对应专业名称', type: 'text', required: true },
            {
              code: 'T04_02',
              label: '对应专业代码',
              type: 'text',
              required: true,
              help: '按《职业教育专业目录（2021年）》填写6位专业代码',
              rules: [
                {
                  id: 'F04_1',
                  expr: 'len(T04_02) = 6',
                  message: '专业代码“{T04_02}”应为6位（《职业教育专业目录（2021年）》）',
                  severity: 'error',
                },
              ],
            },
            { code: 'T04_03', label: '覆盖学历层次', type: 'choice', choices: 'eduLevel', required: true },
            { ...COUNT, code: 'T04_04', label: '联合建设院校数', unit: '所', required: true },
            { ...COUNT, code: 'T04_05', label: '参与建设行业企业数', unit: '家' },
          ],
        },
        {
          code: 'G04_2',
          name: '资源建设',
          indicators: [
            {
              ...COUNT,
              code: 'T04_06',
              label: '专业核心课程总数',
              unit: '门',
              required: true,
              help: '按专业人才培养方案中的专业核心课程计',
            },
            { ...COUNT, code: 'T04_07', label: '已建成资源的专业核心课程数', unit: '门', required: true },
            {
              ...PERCENT,
              code: 'T04_08',
              label: '专业核心课程覆盖率',
              calculate: 'ratio(T04_07, T04_06)',
              help: '自动计算：已建成资源的专业核心课程数 ÷ 专业核心课程总数',
            },
            {
              ...COUNT,
              code: 'T04_09',
              label: '标准化课程总数',
              unit: '门',
              required: true,
              help: '含专业核心课程和扩展建设的专业基础课程',
            },
            {
              ...COUNT,
              code: 'T04_10',
              label: '素材资源总数',
              unit: '条',
              required: true,
              yoyThreshold: YOY,
            },
            {
              code: 'T04_11',
              label: '资源总容量',
              unit: 'GB',
              type: 'decimal',
              decimals: 2,
              min: 0,
              yoyThreshold: YOY,
            },
            {
              code: 'T04_12',
              label: '是否建成专业知识图谱',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
            {
              ...PERCENT,
              code: 'T04_13',
              label: '本年度资源更新比例',
              help: '本年度新增和更新的素材资源数 ÷ 素材资源总数',
              rules: [
                {
                  id: 'F04_2',
                  expr: 'T04_13 >= 0.1',
                  message: '本年度资源更新比例为{T04_13}，低于10%，请说明资源动态更新情况',
                  severity: 'warning',
                },
              ],
            },
          ],
        },
        {
          code: 'G04_3',
          name: '共享应用',
          indicators: [
            {
              code: 'T04_14',
              label: '资源库接入平台',
              type: 'choice',
              choices: 'platform',
              required: true,
              evidenceRequired: true,
              help: '同时接入国家和省级平台的，选择国家职业教育智慧教育平台',
            },
            {
              ...COUNT,
              code: 'T04_15',
              label: '注册用户总数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T04_16', label: '其中：社会学习者数', unit: '人', yoyThreshold: YOY },
            { ...COUNT, code: 'T04_17', label: '使用资源库的院校数', unit: '所', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T04_18',
              label: '本年度访问量',
              unit: '人次',
              required: true,
              yoyThreshold: YOY,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R04_1',
          expr: 'T04_07 <= T04_06',
          message: '已建成资源的专业核心课程数（{T04_07}门）不能超过专业核心课程总数（{T04_06}门）',
          severity: 'error',
        },
        {
          id: 'R04_2',
          expr: 'T04_16 <= T04_15',
          message: '其中社会学习者数（{T04_16}人）不能超过注册用户总数（{T04_15}人）',
          severity: 'error',
        },
        {
          id: 'R04_3',
          expr: 'T04_07 <= T04_09',
          message: '已建成资源的专业核心课程数（{T04_07}门）超过标准化课程总数（{T04_09}门），请核实',
          severity: 'warning',
        },
        {
          id: 'R04_4',
          expr: 'T04_10 = 0 or T04_11 > 0',
          message: '已有素材资源{T04_10}条，但资源总容量为0，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (五) 信息化标杆学校 ─────────────────────────────
    {
      code: 'T05',
      no: 5,
      name: '建设职业教育信息化标杆学校',
      description:
        '落实《职业院校数字校园规范》，建设校本大数据中心和一体化智能化教学、管理与服务平台，持续丰富师生发展、教育教学、实习实训、' +
        '管理服务等应用场景，落实网络安全责任；系统设计校本数字化整体解决方案，有序接入“全国职业教育智慧大脑院校中台”，接受管理监测。',
      nationalTargets: [
        {
          year: 2025,
          text: '到2025年，建成300所左右全国性信息化标杆学校',
          value: 300,
          unit: '所',
        },
        {
          year: 2025,
          text: '带动建设1000所左右区域性信息化标杆学校，推动信息技术与职业院校办学深度融合',
          value: 1000,
          unit: '所',
        },
      ],
      levels: ['全国性', '区域性'],
      groups: [
        {
          code: 'G05_1',
          name: '基础平台',
          indicators: [
            {
              code: 'T05_01',
              label: '是否建成校本大数据中心',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
            {
              code: 'T05_02',
              label: '是否接入“全国职业教育智慧大脑院校中台”',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
            {
              code: 'T05_03',
              label: '接入院校中台日期',
              type: 'date',
              relevant: 'T05_02 = true',
              required: true,
            },
            { ...COUNT, code: 'T05_04', label: '校园网出口总带宽', unit: 'Mbps', required: true },
            { ...COUNT, code: 'T05_05', label: '业务系统总数', unit: '个', required: true },
            {
              ...COUNT,
              code: 'T05_06',
              label: '其中：已接入一体化智能化平台的业务系统数',
              unit: '个',
              required: true,
            },
            {
              ...PERCENT,
              code: 'T05_07',
              label: '业务系统集成率',
              calculate: 'ratio(T05_06, T05_05)',
              help: '自动计算：已接入一体化智能化平台的业务系统数 ÷ 业务系统总数',
            },
          ],
        },
        {
          code: 'G05_2',
          name: '应用场景',
          indicators: [
            {
              code: 'T05_08',
              label: '校本数字化整体解决方案',
              type: 'choice',
              choices: 'planStatus',
              required: true,
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T05_09',
              label: '数字化应用场景数',
              unit: '个',
              required: true,
              yoyThreshold: YOY,
              help: '覆盖师生发展、教育教学、实习实训、管理服务等方面并已投入使用的应用场景',
            },
            { ...COUNT, code: 'T05_10', label: '开设在线课程数', unit: '门', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T05_11',
              label: '本年度教师数字素养与信息化教学能力培训人次',
              unit: '人次',
              yoyThreshold: YOY,
            },
          ],
        },
        {
          code: 'G05_3',
          name: '投入与网络安全',
          indicators: [
            {
              ...MONEY,
              code: 'T05_12',
              label: '本年度信息化建设投入',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
            { ...MONEY, code: 'T05_13', label: '其中：财政资金投入' },
            {
              code: 'T05_14',
              label: '是否通过网络安全等级保护测评',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T05_15',
              label: '本年度发生网络安全事件数',
              unit: '起',
              required: true,
              help: '按网络安全事件报告口径统计；无则填0',
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R05_1',
          expr: 'T05_06 <= T05_05',
          message: '已接入一体化平台的业务系统数（{T05_06}个）不能超过业务系统总数（{T05_05}个）',
          severity: 'error',
        },
        {
          id: 'R05_2',
          expr: 'T05_13 <= T05_12',
          message: '其中财政资金投入（{T05_13}万元）不能超过本年度信息化建设投入（{T05_12}万元）',
          severity: 'error',
        },
        {
          id: 'R05_3',
          expr: 'T05_05 = 0 or T05_06 > 0',
          message: '有业务系统{T05_05}个，但均未接入一体化智能化平台，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (六) 示范性虚拟仿真实训基地 ─────────────────────────────
    {
      code: 'T06',
      no: 6,
      name: '建设职业教育示范性虚拟仿真实训基地',
      description:
        '瞄准专业实训教学中“高投入高难度高风险、难实施难观摩难再现”等问题建设虚仿基地，运用虚拟现实、数字孪生等新一代信息技术，' +
        '开发资源、升级设备、构建课程、组建团队，革新传统实训模式，服务专业实训和社会培训；共建共享共用虚拟仿真实训资源，' +
        '积极向国家或省级职业教育智慧教育平台推送优质资源。',
      nationalTargets: [
        {
          year: 2025,
          text: '到2025年建成200个左右全国示范性虚仿基地',
          value: 200,
          unit: '个',
        },
        {
          year: 2025,
          text: '带动各地1000个左右区域示范性虚仿基地建设，推动职业院校技术技能人才实训教学模式创新',
          value: 1000,
          unit: '个',
        },
      ],
      levels: ['全国性', '区域性'],
      groups: [
        {
          code: 'G06_1',
          name: '基本条件',
          indicators: [
            { ...COUNT, code: 'T06_01', label: '服务专业数', unit: '个', required: true },
            {
              code: 'T06_02',
              label: '虚拟仿真实训场所面积',
              unit: '平方米',
              type: 'decimal',
              decimals: 2,
              min: 0,
              required: true,
            },
            {
              ...COUNT,
              code: 'T06_03',
              label: '虚拟仿真实训设备数',
              unit: '台套',
              required: true,
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T06_04', label: '虚拟仿真实训工位数', unit: '个', required: true },
            { ...COUNT, code: 'T06_05', label: '专兼职教学团队人数', unit: '人', required: true },
          ],
        },
        {
          code: 'G06_2',
          name: '资源与课程',
          indicators: [
            {
              ...COUNT,
              code: 'T06_06',
              label: '虚拟仿真实训项目总数',
              unit: '个',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T06_07',
              label: '其中：解决“三高三难”实训问题的项目数',
              unit: '个',
              help: '针对高投入、高难度、高风险或难实施、难观摩、难再现实训内容开发的项目',
            },
            { ...COUNT, code: 'T06_08', label: '其中：运用数字孪生技术的项目数', unit: '个' },
            { ...COUNT, code: 'T06_09', label: '虚拟仿真实训课程数', unit: '门' },
            {
              ...COUNT,
              code: 'T06_10',
              label: '本年度向国家或省级职业教育智慧教育平台推送资源数',
              unit: '个',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G06_3',
          name: '应用成效',
          indicators: [
            {
              ...COUNT,
              code: 'T06_11',
              label: '本年度虚拟仿真实训人时数',
              unit: '人时',
              required: true,
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T06_12', label: '本年度社会培训人次', unit: '人次', yoyThreshold: YOY },
            { ...COUNT, code: 'T06_13', label: '共建共享共用院校数', unit: '所', yoyThreshold: YOY },
            {
              ...MONEY,
              code: 'T06_14',
              label: '本年度建设投入',
              required: true,
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R06_1',
          expr: 'T06_07 <= T06_06',
          message:
            '其中解决“三高三难”实训问题的项目数（{T06_07}个）不能超过虚拟仿真实训项目总数（{T06_06}个）',
          severity: 'error',
        },
        {
          id: 'R06_2',
          expr: 'T06_08 <= T06_06',
          message: '其中运用数字孪生技术的项目数（{T06_08}个）不能超过虚拟仿真实训项目总数（{T06_06}个）',
          severity: 'error',
        },
        {
          id: 'R06_3',
          expr: 'T06_11 <= T06_04 * 5840',
          message:
            '虚拟仿真实训人时数（{T06_11}）超过全部工位（{T06_04}个）全年满负荷（每工位每天16小时）的承载量，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (七) 一流核心课程 ─────────────────────────────
    {
      code: 'T07',
      no: 7,
      name: '开展职业教育一流核心课程建设',
      description:
        '结合区域重点产业发展需求，统筹在线课程和线下课程，以专业核心课程改革为切入点建设一流核心课程：课程内容符合岗位工作实际，' +
        '充分纳入新技术、新工艺、新规范；课程设计融入课程思政；教学实施以学生为中心并充分运用数字技术手段；教学评价关注学生全面成长。',
      nationalTargets: [
        {
          year: 2025,
          text: '到2025年，面向行业重点领域，建成1000门左右全国性职业教育一流核心课程',
          value: 1000,
          unit: '门',
        },
      ],
      levels: ['全国性', '省级', '校级'],
      groups: [
        {
          code: 'G07_1',
          name: '课程基本信息',
          indicators: [
            { code: 'T07_01', label: '课程名称', type: 'text', required: true },
            {
              code: 'T07_02',
              label: '对应专业代码',
              type: 'text',
              required: true,
              help: '按《职业教育专业目录（2021年）》填写6位专业代码',
              rules: [
                {
                  id: 'F07_1',
                  expr: 'len(T07_02) = 6',
                  message: '专业代码“{T07_02}”应为6位（《职业教育专业目录（2021年）》）',
                  severity: 'error',
                },
              ],
            },
            {
              code: 'T07_03',
              label: '是否为专业核心课程',
              type: 'boolean',
              required: true,
            },
            { code: 'T07_04', label: '课程形态', type: 'choice', choices: 'courseMode', required: true },
            {
              code: 'T07_05',
              label: '在线课程上线平台',
              type: 'choice',
              choices: 'platform',
              relevant: "T07_04 != 'offline'",
              required: true,
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T07_06', label: '课程总学时', unit: '学时', required: true, max: 500 },
            { ...COUNT, code: 'T07_07', label: '教学团队人数', unit: '人', required: true },
            { ...COUNT, code: 'T07_08', label: '其中：行业企业兼职教师数', unit: '人' },
          ],
        },
        {
          code: 'G07_2',
          name: '课程建设',
          indicators: [
            {
              ...COUNT,
              code: 'T07_09',
              label: '纳入新技术、新工艺、新规范数',
              unit: '项',
              required: true,
              evidenceRequired: true,
            },
            { ...COUNT, code: 'T07_10', label: '课程思政教学案例数', unit: '个' },
            { ...COUNT, code: 'T07_11', label: '数字化教学资源数', unit: '个', yoyThreshold: YOY },
          ],
        },
        {
          code: 'G07_3',
          name: '实施成效',
          indicators: [
            { ...COUNT, code: 'T07_12', label: '本年度开课期次', unit: '期' },
            {
              ...COUNT,
              code: 'T07_13',
              label: '本年度修读学生人数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...PERCENT,
              code: 'T07_14',
              label: '本年度课程考核合格率',
              rules: [
                {
                  id: 'F07_2',
                  expr: 'T07_14 >= 0.5',
                  message: '课程考核合格率为{T07_14}，明显偏低，请核实',
                  severity: 'warning',
                },
              ],
            },
            { ...COUNT, code: 'T07_15', label: '本年度使用院校数', unit: '所', yoyThreshold: YOY },
          ],
        },
      ],
      rules: [
        {
          id: 'R07_1',
          expr: 'T07_08 <= T07_07',
          message: '其中行业企业兼职教师数（{T07_08}人）不能超过教学团队人数（{T07_07}人）',
          severity: 'error',
        },
        {
          id: 'R07_2',
          expr: 'T07_12 = 0 or T07_13 > 0',
          message: '本年度开课{T07_12}期，但修读学生人数为0，请核实',
          severity: 'warning',
        },
        {
          id: 'R07_3',
          expr: 'T07_13 = 0 or T07_15 >= 1',
          message: '本年度有{T07_13}名学生修读，但使用院校数为0，请核实',
          severity: 'error',
        },
      ],
    },

    // ───────────────────────────── (八) 优质教材 ─────────────────────────────
    {
      code: 'T08',
      no: 8,
      name: '开展职业教育优质教材建设',
      description:
        '在“十四五”职业教育国家规划教材范围内建设全国性职业教育产教融合优质教材，重点面向战略性新兴产业、先进制造业、现代服务业、现代农业等领域，' +
        '深化产教融合、协同育人，科学严谨、内容丰富、形态多样、反映行业前沿技术，鼓励行业牵头或行业、企业、学校共同开发，' +
        '通过建设和宣传推介提升优质教材的影响力和选用比例。',
      nationalTargets: [
        {
          year: 2025,
          text: '在“十四五”职业教育国家规划教材范围内建设2000种左右全国性职业教育产教融合优质教材',
          value: 2000,
          unit: '种',
        },
      ],
      levels: ['全国性', '省级'],
      groups: [
        {
          code: 'G08_1',
          name: '教材基本信息',
          indicators: [
            { code: 'T08_01', label: '教材名称', type: 'text', required: true },
            {
              code: 'T08_02',
              label: 'ISBN',
              type: 'text',
              required: true,
              help: '填写13位ISBN，不含连字符',
              rules: [
                {
                  id: 'F08_1',
                  expr: 'len(T08_02) = 13',
                  message: 'ISBN“{T08_02}”应为13位数字（不含连字符）',
                  severity: 'error',
                },
              ],
            },
            {
              code: 'T08_03',
              label: '是否为“十四五”职业教育国家规划教材',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
            { code: 'T08_04', label: '教材形态', type: 'choice', choices: 'textbookForm', required: true },
            {
              code: 'T08_05',
              label: '重点服务领域',
              type: 'choice',
              choices: 'textbookField',
              required: true,
            },
            { code: 'T08_06', label: '出版（最近修订）日期', type: 'date', required: true },
          ],
        },
        {
          code: 'G08_2',
          name: '编写与资源',
          indicators: [
            { ...COUNT, code: 'T08_07', label: '编写团队人数', unit: '人', required: true },
            { ...COUNT, code: 'T08_08', label: '其中：行业企业人员数', unit: '人', required: true },
            { ...COUNT, code: 'T08_09', label: '配套数字化资源数', unit: '个', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T08_10',
              label: '本年度修订纳入新技术、新工艺、新规范数',
              unit: '项',
            },
          ],
        },
        {
          code: 'G08_3',
          name: '选用与影响',
          indicators: [
            {
              ...COUNT,
              code: 'T08_11',
              label: '本年度选用学校数',
              unit: '所',
              required: true,
              yoyThreshold: YOY,
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T08_12',
              label: '本年度发行量',
              unit: '册',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T08_13',
              label: '本年度获奖和宣传推介次数',
              unit: '次',
              evidenceRequired: true,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R08_1',
          expr: 'T08_08 <= T08_07',
          message: '其中行业企业人员数（{T08_08}人）不能超过编写团队人数（{T08_07}人）',
          severity: 'error',
        },
        {
          id: 'R08_2',
          expr: 'T08_12 >= T08_11',
          message: '本年度发行量（{T08_12}册）少于选用学校数（{T08_11}所），请核实',
          severity: 'warning',
        },
        {
          id: 'R08_3',
          expr: 'T08_08 >= 1',
          message: '产教融合优质教材应有行业企业人员参与编写，目前为{T08_08}人',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (九) 校企合作典型生产实践项目 ─────────────────────────────
    {
      code: 'T09',
      no: 9,
      name: '开展职业教育校企合作典型生产实践项目建设',
      description:
        '校企共同开发典型生产实践项目，基于企业真实生产过程，融入行业最新技术和标准，充分体现新技术、新工艺、新规范以及深度运用数字技术解决生产问题的能力，' +
        '引导学生在真实职业环境中学习应用知识和职业技能，形成以企业典型生产实践项目为载体的教学模式。',
      nationalTargets: [
        {
          year: 2025,
          text: '组织校企共同开发200个全国性典型生产实践项目',
          value: 200,
          unit: '个',
        },
      ],
      levels: ['全国性', '省级', '校级'],
      groups: [
        {
          code: 'G09_1',
          name: '项目基本信息',
          indicators: [
            { code: 'T09_01', label: '项目名称', type: 'text', required: true },
            { code: 'T09_02', label: '牵头合作企业名称', type: 'text', required: true },
            { ...COUNT, code: 'T09_03', label: '参与企业数', unit: '家', required: true },
            { ...COUNT, code: 'T09_04', label: '对应岗位（群）数', unit: '个', required: true },
            {
              code: 'T09_05',
              label: '是否基于企业真实生产过程开发',
              type: 'boolean',
              required: true,
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G09_2',
          name: '项目内容',
          indicators: [
            { ...COUNT, code: 'T09_06', label: '实践任务（模块）数', unit: '个', required: true },
            {
              ...COUNT,
              code: 'T09_07',
              label: '其中：运用数字技术解决生产问题的任务数',
              unit: '个',
            },
            { ...COUNT, code: 'T09_08', label: '融入新技术、新工艺、新规范数', unit: '项', required: true },
            { ...COUNT, code: 'T09_09', label: '融入行业企业标准数', unit: '项' },
          ],
        },
        {
          code: 'G09_3',
          name: '实施成效',
          indicators: [
            {
              ...COUNT,
              code: 'T09_10',
              label: '本年度参与学生人数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T09_11', label: '企业导师人数', unit: '人', required: true },
            { ...COUNT, code: 'T09_12', label: '本年度实践教学总学时', unit: '学时', yoyThreshold: YOY },
            { ...COUNT, code: 'T09_13', label: '共享使用院校数', unit: '所', yoyThreshold: YOY },
            {
              ...COUNT,
              code: 'T09_14',
              label: '本年度学生完成产品或生产成果数',
              unit: '件',
              evidenceRequired: true,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R09_1',
          expr: 'T09_07 <= T09_06',
          message: '其中运用数字技术解决生产问题的任务数（{T09_07}个）不能超过实践任务总数（{T09_06}个）',
          severity: 'error',
        },
        {
          id: 'R09_2',
          expr: 'T09_03 >= 1',
          message: '校企合作项目应至少有1家参与企业',
          severity: 'error',
        },
        {
          id: 'R09_3',
          expr: 'T09_10 = 0 or T09_11 > 0',
          message: '本年度有{T09_10}名学生参与，但企业导师人数为0，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (十) 国际影响的标准、资源和装备 ─────────────────────────────
    {
      code: 'T10',
      no: 10,
      name: '开展具有国际影响的职业教育标准、资源和装备建设',
      description:
        '围绕“教随产出、产教同行”，建设和推出由我国职业学校牵头开发，业内领先、产教融合特征显著、具有较高国际影响力和认可度的职业教育标准' +
        '（专业、教学、课程、实习实训、教学条件、师资、培训、校企合作等）、优质教学资源（教材、课程资源、教学项目、案例、培训资源、数字化资源或平台等）' +
        '和专业仪器设备装备（设备装备、教辅设备、生产线装备、AI或VR设备），打造中国职业教育国际化品牌。',
      nationalTargets: [
        { year: 2025, text: '30个左右职业教育标准', value: 30, unit: '个' },
        { year: 2025, text: '100个左右优质教学资源', value: 100, unit: '个' },
        { year: 2025, text: '20个左右专业仪器设备装备', value: 20, unit: '个' },
      ],
      levels: ['全国性', '省级', '校级'],
      subTypes: ['标准', '教学资源', '装备'],
      groups: [
        {
          code: 'G10_1',
          name: '成果基本信息',
          indicators: [
            { code: 'T10_01', label: '成果名称', type: 'text', required: true },
            {
              code: 'T10_02',
              label: '成果类别',
              type: 'choice',
              choices: 'intlCategory',
              required: true,
              help: '应与建设项目的类型（标准、教学资源、装备）一致',
            },
            { code: 'T10_03', label: '牵头开发职业学校', type: 'text', required: true },
            { ...COUNT, code: 'T10_04', label: '参与开发企业数', unit: '家', required: true },
            { ...COUNT, code: 'T10_05', label: '外文版本语种数', unit: '种' },
            {
              code: 'T10_06',
              label: '首次在境外推广应用日期',
              type: 'date',
              evidenceRequired: true,
            },
          ],
        },
        {
          code: 'G10_2',
          name: '国际影响',
          indicators: [
            {
              ...COUNT,
              code: 'T10_07',
              label: '采用或应用的国家（地区）数',
              unit: '个',
              required: true,
              max: 250,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T10_08',
              label: '境外采用或应用机构数',
              unit: '个',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T10_09',
              label: '被境外官方机构或行业组织认证、采纳数',
              unit: '项',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T10_10',
              label: '本年度境外培训或使用人次',
              unit: '人次',
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T10_11',
              label: '境外部署装备数量',
              unit: '台套',
              relevant: "T10_02 = 'equipment'",
              required: true,
              evidenceRequired: true,
            },
            {
              ...MONEY,
              code: 'T10_12',
              label: '本年度境外推广应用收入',
              evidenceRequired: true,
              yoyThreshold: YOY,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R10_1',
          expr: 'T10_08 >= T10_07',
          message: '境外采用或应用机构数（{T10_08}个）不应少于采用或应用的国家（地区）数（{T10_07}个）',
          severity: 'error',
        },
        {
          id: 'R10_2',
          expr: 'T10_09 <= T10_08',
          message: '被境外机构认证、采纳数（{T10_09}项）多于境外采用或应用机构数（{T10_08}个），请核实',
          severity: 'warning',
        },
        {
          id: 'R10_3',
          expr: 'T10_10 = 0 or T10_07 > 0',
          message: '本年度有境外培训或使用{T10_10}人次，但采用或应用的国家（地区）数为0，请核实',
          severity: 'warning',
        },
      ],
    },

    // ───────────────────────────── (十一) 较高国际化水平的职业学校 ─────────────────────────────
    {
      code: 'T11',
      no: 11,
      name: '建设具有较高国际化水平的职业学校',
      description:
        '坚持“教随产出、产教同行”，立足学校骨干（特色）专业，“走出去”和“引进来”双线发展：引进国外优质职业教育资源，扩大来华留学和培训规模，' +
        '做强中国职业教育国际合作品牌，打造境外办学项目、海外职业技术学院和海外应用技术大学，培养适应国际化教学需要的职教师资和服务中国企业海外发展的本土化技术技能人才。',
      nationalTargets: [
        {
          year: 2025,
          text: '到2025年，分三批支持300所左右的中国特色、具有较高国际化水平的职业学校',
          value: 300,
          unit: '所',
        },
      ],
      levels: ['全国性', '省级'],
      groups: [
        {
          code: 'G11_1',
          name: '引进来',
          indicators: [
            {
              ...COUNT,
              code: 'T11_01',
              label: '开展国际合作的骨干（特色）专业数',
              unit: '个',
              required: true,
            },
            {
              ...COUNT,
              code: 'T11_02',
              label: '引进国外优质职业教育资源数',
              unit: '项',
              evidenceRequired: true,
              help: '引进的专业标准、课程、教材、认证体系等',
            },
            {
              ...COUNT,
              code: 'T11_03',
              label: '中外合作办学机构和项目数',
              unit: '个',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T11_04',
              label: '在校来华留学生人数',
              unit: '人',
              required: true,
              yoyThreshold: YOY,
            },
            {
              ...COUNT,
              code: 'T11_05',
              label: '本年度来华培训人次',
              unit: '人次',
              yoyThreshold: YOY,
            },
          ],
        },
        {
          code: 'G11_2',
          name: '走出去',
          indicators: [
            {
              ...COUNT,
              code: 'T11_06',
              label: '境外办学项目数',
              unit: '个',
              required: true,
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T11_07',
              label: '境外办学项目所在国家（地区）数',
              unit: '个',
              max: 250,
              relevant: 'T11_06 > 0',
              required: true,
            },
            {
              ...COUNT,
              code: 'T11_08',
              label: '海外职业技术学院和海外应用技术大学数',
              unit: '所',
              evidenceRequired: true,
            },
            {
              ...COUNT,
              code: 'T11_09',
              label: '本年度培养本土化技术技能人才数',
              unit: '人',
              yoyThreshold: YOY,
            },
            { ...COUNT, code: 'T11_10', label: '服务“走出去”中国企业数', unit: '家', yoyThreshold: YOY },
          ],
        },
        {
          code: 'G11_3',
          name: '师资与品牌',
          indicators: [
            {
              ...COUNT,
              code: 'T11_11',
              label: '具备国际化教学能力的专任教师数',
              unit: '人',
              required: true,
              help: '能用外语授课或具有境外教学、研修经历并承担国际化教学任务的专任教师',
            },
            { ...COUNT, code: 'T11_12', label: '本年度教师境外研修、访学和授课人次', unit: '人次' },
            { code: 'T11_13', label: '国际合作品牌名称', type: 'text' },
            {
              ...COUNT,
              code: 'T11_14',
              label: '被境外采用的专业标准和课程标准数',
              unit: '个',
              evidenceRequired: true,
            },
          ],
        },
      ],
      rules: [
        {
          id: 'R11_1',
          expr: 'T11_07 <= T11_06',
          message: '境外办学项目所在国家（地区）数（{T11_07}个）不能超过境外办学项目数（{T11_06}个）',
          severity: 'error',
        },
        {
          id: 'R11_2',
          expr: 'T11_06 = 0 or T11_09 > 0',
          message: '有境外办学项目{T11_06}个，但本年度培养本土化技术技能人才数为0，请核实',
          severity: 'warning',
        },
        {
          id: 'R11_3',
          expr: 'T11_08 <= T11_06',
          message:
            '海外职业技术学院和海外应用技术大学数（{T11_08}所）多于境外办学项目数（{T11_06}个），请核实是否已计入境外办学项目',
          severity: 'warning',
        },
      ],
    },
  ],
  outline: [
    {
      code: 'S1',
      title: '建设进展',
      guidance:
        '对照建设方案和本年度绩效目标，逐项说明建设任务推进情况和完成进度；说明资金到位和使用情况（到位率、预算执行率）。' +
        '引用的数据应与本年度填报的绩效数据一致，关键事项注明对应的佐证材料。',
      maxChars: 3000,
      minChars: 500,
    },
    {
      code: 'S2',
      title: '主要成效',
      guidance:
        '围绕人才培养、产教融合、服务产业和区域发展、示范辐射等方面，用数据和事实说明本年度取得的标志性成果，' +
        '与上年度和年度绩效目标对比说明增量；每项成效注明数据来源和佐证材料。',
      maxChars: 3000,
      minChars: 500,
    },
    {
      code: 'S3',
      title: '典型经验',
      guidance:
        '提炼1至3个可复制、可推广的典型做法或案例，按“背景—做法—成效—推广价值”撰写，避免罗列工作过程。',
      maxChars: 2000,
      minChars: 300,
    },
    {
      code: 'S4',
      title: '存在问题',
      guidance: '实事求是分析建设中存在的主要问题和短板；未完成的年度绩效目标须逐项说明原因。',
      maxChars: 1500,
      minChars: 100,
    },
    {
      code: 'S5',
      title: '下一步计划',
      guidance: '针对存在问题提出改进措施，明确下一年度重点任务、绩效目标、时间节点和保障措施。',
      maxChars: 1500,
      minChars: 200,
    },
  ],
  scoring: {
    parts: [
      {
        code: 'unit',
        name: '建设单位',
        dimensions: [
          {
            code: 'targets',
            name: '绩效目标达成度',
            weight: 0.3,
            maxScore: 100,
            guidance: '对照建设方案中的年度绩效目标，逐项核验绩效数据的完成情况',
          },
          {
            code: 'tasks',
            name: '建设任务完成度',
            weight: 0.2,
            maxScore: 100,
            guidance: '建设方案中本年度建设任务的完成进度和质量',
          },
          {
            code: 'funding',
            name: '资金保障和使用',
            weight: 0.2,
            maxScore: 100,
            guidance: '建设资金的到位率、预算执行率和资金使用的合规性',
          },
          {
            code: 'quality',
            name: '建设水平与成效',
            weight: 0.3,
            maxScore: 100,
            guidance: '人才培养、产教融合、服务贡献和示范引领成效，典型经验的推广价值',
          },
        ],
      },
    ],
    combinations: [
      {
        code: 'std',
        name: '标准',
        slots: [{ slot: 'unit', part: 'unit', label: '建设单位', weight: 1 }],
      },
    ],
  },
};
