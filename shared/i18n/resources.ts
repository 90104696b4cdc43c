/** Every locale file, imported explicitly so Node (CLI), Vite and Electron all bundle them. */
import zhCommon from './locales/zh-CN/common.json';
import zhValidation from './locales/zh-CN/validation.json';
import zhExpr from './locales/zh-CN/expr.json';
import zhTemplate from './locales/zh-CN/template.json';
import zhCli from './locales/zh-CN/cli.json';
import zhElectron from './locales/zh-CN/electron.json';
import zhInput from './locales/zh-CN/input.json';
import zhEditor from './locales/zh-CN/editor.json';
import zhReport from './locales/zh-CN/report.json';
import zhProject from './locales/zh-CN/project.json';
import zhExcel from './locales/zh-CN/excel.json';
import zhWorkbook from './locales/zh-CN/workbook.json';
import zhMapping from './locales/zh-CN/mapping.json';
import zhDocument from './locales/zh-CN/document.json';
import zhSummary from './locales/zh-CN/summary.json';
import zhApi from './locales/zh-CN/api.json';
import zhSync from './locales/zh-CN/sync.json';
import zhSeal from './locales/zh-CN/seal.json';
import zhProvince from './locales/zh-CN/province.json';
import zhBackup from './locales/zh-CN/backup.json';
import zhDiagnostics from './locales/zh-CN/diagnostics.json';
import enCommon from './locales/en/common.json';
import enValidation from './locales/en/validation.json';
import enExpr from './locales/en/expr.json';
import enTemplate from './locales/en/template.json';
import enCli from './locales/en/cli.json';
import enElectron from './locales/en/electron.json';
import enInput from './locales/en/input.json';
import enEditor from './locales/en/editor.json';
import enReport from './locales/en/report.json';
import enProject from './locales/en/project.json';
import enExcel from './locales/en/excel.json';
import enWorkbook from './locales/en/workbook.json';
import enMapping from './locales/en/mapping.json';
import enDocument from './locales/en/document.json';
import enSummary from './locales/en/summary.json';
import enApi from './locales/en/api.json';
import enSync from './locales/en/sync.json';
import enSeal from './locales/en/seal.json';
import enProvince from './locales/en/province.json';
import enBackup from './locales/en/backup.json';
import enDiagnostics from './locales/en/diagnostics.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const NAMESPACES = [
  'common',
  'validation',
  'expr',
  'template',
  'cli',
  'electron',
  'input',
  'project',
  'report',
  'editor',
  'excel',
  'workbook',
  'mapping',
  'document',
  'summary',
  'api',
  'sync',
  'seal',
  'province',
  'backup',
  'diagnostics',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  'zh-CN': {
    common: zhCommon,
    validation: zhValidation,
    expr: zhExpr,
    template: zhTemplate,
    cli: zhCli,
    electron: zhElectron,
    input: zhInput,
    editor: zhEditor,
    report: zhReport,
    project: zhProject,
    excel: zhExcel,
    workbook: zhWorkbook,
    mapping: zhMapping,
    document: zhDocument,
    summary: zhSummary,
    api: zhApi,
    sync: zhSync,
    seal: zhSeal,
    province: zhProvince,
    backup: zhBackup,
    diagnostics: zhDiagnostics,
  },
  en: {
    common: enCommon,
    validation: enValidation,
    expr: enExpr,
    template: enTemplate,
    cli: enCli,
    electron: enElectron,
    input: enInput,
    editor: enEditor,
    report: enReport,
    project: enProject,
    excel: enExcel,
    workbook: enWorkbook,
    mapping: enMapping,
    document: enDocument,
    summary: enSummary,
    api: enApi,
    sync: enSync,
    seal: enSeal,
    province: enProvince,
    backup: enBackup,
    diagnostics: enDiagnostics,
  },
} as const;

/** Each language named in itself, as language pickers conventionally show them. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };
