// kubectl subcommands that read (get, describe, logs, exec, api-resources, version, cluster-info, events).
import type { KubectlCommand } from '../types.ts';
import { apiResourcesCommand } from './apiResources.ts';
import { clusterInfoCommand } from './clusterInfo.ts';
import { describeCommand } from './describe.ts';
import { execCommand } from './exec.ts';
import { getCommand } from './get.ts';
import { logsCommand } from './logs.ts';
import { versionCommand } from './version.ts';
import { eventsCommand } from './events.ts';

export const readCommands: KubectlCommand[] = [getCommand, describeCommand, logsCommand, execCommand, apiResourcesCommand, versionCommand, clusterInfoCommand, eventsCommand];
