import type { ProvisioningPlan } from '@sluice/contracts';
import type { EncryptionService } from '../common/encryption.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { ParsedFile } from './provisioning-file';
import type { ProvisioningRepository, ProvisioningWrites } from './provisioning.repository';
import { changedFields, insertOf, updateOf } from './provisioning-diff';

/** Who applies: a person through the API, or the start-up / CLI (no user). */
export interface Applier {
  userId: string | null;
  via: 'startup' | 'cli' | 'api';
}

/**
 * Plans and applies provisioning files: each connection matched by name, created, updated (the
 * changed field names, secrets by name only) or left unchanged; with `prune`, the connections an
 * earlier apply of the same file created and it no longer lists are deleted. An apply writes every
 * file in one transaction, then records one `connections:provision` event per file.
 */
export class Provisioner {
  constructor(
    private readonly repository: ProvisioningRepository,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditRepository,
    private readonly timeZone: string,
  ) {}

  async plan(files: ParsedFile[]): Promise<ProvisioningPlan[]> {
    return (await this.compute(files)).plans;
  }

  async apply(files: ParsedFile[], applier: Applier): Promise<ProvisioningPlan[]> {
    const { plans, writes } = await this.compute(files);
    await this.repository.write(writes);
    for (const plan of plans)
      await this.audit.insert({
        actorUserId: applier.userId,
        action: 'connections:provision',
        resourceType: 'provisioning_file',
        resourceId: null,
        details: {
          file: plan.file,
          via: applier.via,
          created: plan.create.length,
          updated: plan.update.length,
          unchanged: plan.unchanged.length,
          pruned: plan.prune.length,
        },
        ip: null,
        userAgent: applier.via === 'api' ? null : `sluice ${applier.via}`,
      });
    return plans;
  }

  private async compute(files: ParsedFile[]) {
    const names = files.flatMap((f) => f.file.connections.map((c) => c.name));
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`${twice} is listed in more than one provisioning file`);
    const rows = new Map((await this.repository.byNames(names)).map((r) => [r.name, r]));
    const writes: ProvisioningWrites = { inserts: [], updates: [], deletes: [] };
    const plans: ProvisioningPlan[] = [];
    for (const { name: file, file: content } of files) {
      const plan: ProvisioningPlan = { file, create: [], update: [], unchanged: [], prune: [] };
      for (const item of content.connections) {
        const row = rows.get(item.name);
        if (!row) {
          plan.create.push(item.name);
          writes.inserts.push(insertOf(this.encryption, item, file));
          continue;
        }
        const fields = changedFields(this.encryption, row, item);
        if (fields.length > 0) plan.update.push({ name: item.name, fields });
        else plan.unchanged.push(item.name);
        if (fields.length > 0 || row.provisionedFrom !== file)
          writes.updates.push({
            id: row.id,
            values: updateOf(this.encryption, row, item, fields, file, this.timeZone),
          });
      }
      if (content.prune) {
        const listed = new Set(content.connections.map((c) => c.name));
        for (const gone of await this.repository.createdBy(file)) {
          if (listed.has(gone.name)) continue;
          plan.prune.push(gone.name);
          writes.deletes.push(gone.id);
        }
      }
      plans.push(plan);
    }
    return { plans, writes };
  }
}

/** The plan as the CLI prints it. */
export function planText(plans: ProvisioningPlan[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(`${plan.file}:`);
    for (const name of plan.create) lines.push(`  + create     ${name}`);
    for (const { name, fields } of plan.update)
      lines.push(`  ~ update     ${name} (${fields.join(', ')})`);
    for (const name of plan.unchanged) lines.push(`  = unchanged  ${name}`);
    for (const name of plan.prune) lines.push(`  - prune      ${name}`);
  }
  const sum = (pick: (p: ProvisioningPlan) => unknown[]) =>
    plans.reduce((n, p) => n + pick(p).length, 0);
  lines.push(
    `${sum((p) => p.create)} to create, ${sum((p) => p.update)} to update, ${sum((p) => p.unchanged)} unchanged, ${sum((p) => p.prune)} to prune.`,
  );
  return `${lines.join('\n')}\n`;
}

export const hasChanges = (plans: ProvisioningPlan[]) =>
  plans.some((p) => p.create.length + p.update.length + p.prune.length > 0);
