// The module Worker the page starts (client.ts): the simulation and its clock live here.
import { expose } from 'comlink';
import { createSimApi } from './api.ts';

expose(createSimApi());
