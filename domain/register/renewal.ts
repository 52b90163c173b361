/**
 * 更新勧奨 of certifications kaigo-flow did not decide (imported from the core system, or decided before the system
 * started): they have no application number, so the renewal watch is keyed by the person and the expiry. Pure.
 */
import type { IsoDate } from '../certification/types';

/** The key an imported certification's renewal watch is known by, in place of the deciding application number. */
export function importedCertificationKey(insuredNo: string, validTo: IsoDate): string {
  return `IMP-${insuredNo}-${validTo.replace(/-/g, '')}`;
}

/** Whether a key names an imported certification (not a kaigo-flow application). */
export function isImportedCertificationKey(key: string): boolean {
  return /^IMP-\d{10}-\d{8}$/.test(key);
}
