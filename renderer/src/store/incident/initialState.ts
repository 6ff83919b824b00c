import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import type { EventPayload } from '../../../../shared/contract/methods.js';
import type {
  IncidentHistoryEntry,
  IncidentPolicy,
  IncidentPreview,
  IncidentScope,
  IncidentStatus,
} from '../../../../shared/contract/incidents.js';

/** The hub's preview and the scope it answered for (the dialog may have moved on meanwhile). */
export interface IncidentPreviewState extends IncidentPreview {
  scope: IncidentScope;
}

export interface IncidentState {
  /** Null until the hub answered (or on a hub without incident mode). */
  incident: IncidentStatus | null;
  incidentPolicy: IncidentPolicy | null;
  /** Held posts waiting for a decision, by original time. */
  catchUp: ScheduledPost[];
  catchUpStatus: 'idle' | 'loading' | 'ready' | 'error';
  incidentPreview: IncidentPreviewState | null;
  /** Why the last preview could not be read, in the hub's words. */
  incidentPreviewError: string | null;
  /** A surge alert suggested incident mode (shown until entered or dismissed). */
  incidentSuggestion: EventPayload<'incident.suggested'> | null;
  /** "Still needed?" while it is on. */
  incidentReminder: EventPayload<'incident.reminder'> | null;
  incidentBusy: boolean;
  /** The last refused incident call or load, in the hub's words. */
  incidentError: string | null;
  /** Per-post refusals of the last decision, in the hub's words. */
  decisionRefusals: { id: number; reason: string }[];
  /** Incident mode over time, newest first (every role reads it). */
  incidentHistory: IncidentHistoryEntry[];
  incidentHistoryStatus: 'idle' | 'loading' | 'ready' | 'error';
  incidentHistoryError: string | null;
  /** The cursor for older entries; null when the oldest is shown. */
  incidentHistoryNext: number | null;
  incidentHistoryLoadingOlder: boolean;
  /** Which incident dialog is open: the header, the banner, the view and the suggestion all open the same one. */
  incidentDialog: 'enter' | 'scope' | 'leave' | null;
  /**
   * A reason to start from when the dialog was opened from an alert (its title): in a war room
   * nobody should have to type what the alert already says. Editable; empty otherwise.
   */
  incidentDialogReason: string;
}

export const initialIncidentState: IncidentState = {
  incident: null,
  incidentPolicy: null,
  catchUp: [],
  catchUpStatus: 'idle',
  incidentPreview: null,
  incidentPreviewError: null,
  incidentSuggestion: null,
  incidentReminder: null,
  incidentBusy: false,
  incidentError: null,
  decisionRefusals: [],
  incidentDialog: null,
  incidentDialogReason: '',
  incidentHistory: [],
  incidentHistoryStatus: 'idle',
  incidentHistoryError: null,
  incidentHistoryNext: null,
  incidentHistoryLoadingOlder: false,
};
