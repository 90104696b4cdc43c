/**
 * Backup and restore of the whole local store (数据备份与恢复). See format.ts for the file, auto.ts
 * for the backups kept on this computer, restore.ts for how a backup replaces the store.
 */
export * from './format.ts';
export { storeDigest, snapshotStore, type StoreSnapshot } from './snapshot.ts';
export { createBackup, APP_VERSION, type CreateBackupOptions, type CreatedBackup } from './write.ts';
export {
  backupKind,
  readBackup,
  type BackupKind,
  type DecodedTable,
  type ReadBackupOptions,
  type ReadBackupResult,
  type VerifiedBackup,
} from './read.ts';
export { restoreBackup, type RestoreOptions, type RestoreResult } from './restore.ts';
export {
  AUTO_BACKUPS_KEPT,
  backupBeforeImport,
  backupBeforeMigration,
  backupStoreName,
  deleteLocalBackup,
  listLocalBackups,
  localBackupFile,
  readLocalBackup,
  prepareBackup,
  saveLocalBackup,
  type LocalBackup,
  type PreparedBackup,
} from './auto.ts';
export { PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS } from './crypto.ts';
