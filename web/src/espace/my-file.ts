import { useCallback, useEffect, useState } from 'react';
import { getJson, messageOf } from '../api/http';

/** `GET /api/me/person` as the pages of « Mon espace » read it (ADR 0037). */
export interface MyFile {
  person: { id: string; lastName: string; firstName: string; birthDate?: string; phone?: string; email?: string; version: number };
  consents: {
    networkSharing: { given: boolean; recordedAt: string };
    smsSurveys: { given: boolean; recordedAt: string };
    beingContacted: boolean;
    version: number;
  };
  receptions: Array<{ id: string; date: string; place: string; themes: string[]; informationGiven?: string; summary?: string }>;
  referrals: Array<{
    id: string;
    status: string;
    statusLabel: string;
    sentAt: string;
    themes: string[];
    organisationName: string;
    place: { name?: string; address?: string; postalCode?: string; phone?: string; hours?: string } | null;
  }>;
  parcours: MyParcours[];
  appointments: Array<{ id: string; start: string; placeName: string; statusLabel: string }>;
}

export interface MyParcours {
  id: string;
  status: 'active' | 'suspended' | 'closed';
  openedAt: string;
  referent: { name: string; role: string; organisationName: string; phone?: string; address?: string; hours?: string };
  members: Array<{ name: string; role: string; organisationName: string }>;
  goals: Array<{
    id: string;
    title: string;
    actions: Array<{ id: string; label: string; owner: string; dueDate: string; status: string }>;
  }>;
  meetings: Array<{ id: string; date: string; personPresent: boolean; decisions: string[] }>;
  journal: Array<{ id: string; date: string; text: string; author: string }>;
  comments: Array<{ id: string; goalId?: string; actionId?: string; text: string; createdAt: string }>;
  closing?: { closedAt: string; reason: string; personView: string };
}

export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** Her file, loaded with her token; `reload` after a change. */
export function useMyFile(token: string): { file: Loaded<MyFile>; reload: () => void } {
  const [file, setFile] = useState<Loaded<MyFile>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    getJson<MyFile>('/api/me/person', token, abort.signal)
      .then((data) => setFile({ state: 'ready', data }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setFile({ state: 'error', message: messageOf(error) });
      });
    return () => abort.abort();
  }, [token, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { file, reload };
}

const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** « 12 mars 2026 » from a date or an instant. */
export function frenchDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : DAY.format(date);
}

/** A phone number as people read it: « 05 36 49 01 24 ». */
export function frenchPhone(e164: string): string {
  const national = e164.startsWith('+33') ? `0${e164.slice(3)}` : e164;
  return /^\d{10}$/.test(national) ? national.replace(/(\d{2})(?=\d)/g, '$1 ') : e164;
}

export const ACTION_STATUS: Record<string, string> = { todo: 'À faire', doing: 'En cours', done: 'Fait' };
export const PARCOURS_STATUS: Record<string, string> = { active: 'En cours', suspended: 'En pause', closed: 'Terminé' };
