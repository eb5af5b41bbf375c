// kubectl subcommands that read (get, describe, api-resources, version, cluster-info).
import type { KubectlCommand } from '../types.ts';
import { apiResourcesCommand } from './apiResources.ts';
import { clusterInfoCommand } from './clusterInfo.ts';
import { describeCommand } from './describe.ts';
import { getCommand } from './get.ts';
import { logsCommand } from './logs.ts';
import { versionCommand } from './version.ts';

export const readCommands: KubectlCommand[] = [getCommand, describeCommand, logsCommand, apiResourcesCommand, versionCommand, clusterInfoCommand];
