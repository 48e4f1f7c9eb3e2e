// Approve or reject with a required comment, for an approver who did not request it (entry.canDecide, the
// API's own four-eyes rule as a hint); the requester reads why there are no buttons. The API decides in
// the end: a refusal is shown as it answered. Cancel for the requester, approvers and platform admins.
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../../gql';
import { useGqlMutation } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { useCan } from '../../lib/viewer';
import { dm, stepLabel } from './messages';
import type { RequestView } from './RequestPage';

const RequestPageApprove = graphql(`
  mutation RequestPageApprove($workflowId: ID!, $comment: String!) {
    approveDeployment(workflowId: $workflowId, comment: $comment) {
      workflowId
      step
    }
  }
`);

const RequestPageReject = graphql(`
  mutation RequestPageReject($workflowId: ID!, $comment: String!) {
    rejectDeployment(workflowId: $workflowId, comment: $comment) {
      workflowId
      step
    }
  }
`);

const RequestPageCancel = graphql(`
  mutation RequestPageCancel($workflowId: ID!) {
    cancelDeploymentRequest(workflowId: $workflowId) {
      workflowId
    }
  }
`);

const AWAITING = new Set(['VALIDATING', 'AWAITING_APPROVAL']);
const ENDED = new Set(['PROMOTED', 'ROLLED_BACK', 'REJECTED', 'FAILED', 'CANCELLED']);

export function DecisionPanel({ request: r, onChange }: { request: RequestView; onChange: () => void }) {
  const { t } = useI18n();
  const approver = useCan('approve');
  const mayCancel = useCan('deployment.cancel');
  const [comment, setComment] = useState('');
  const [needComment, setNeedComment] = useState(false);
  const approve = useGqlMutation(RequestPageApprove);
  const reject = useGqlMutation(RequestPageReject);
  const cancel = useGqlMutation(RequestPageCancel);
  const mine = r.entry?.mine ?? false;
  const awaiting = AWAITING.has(r.step);
  const error = approve.error ?? reject.error;

  const decide = (kind: 'approve' | 'reject') => {
    if (comment.trim() === '') {
      setNeedComment(true);
      return;
    }
    setNeedComment(false);
    (kind === 'approve' ? approve : reject).mutate(
      { workflowId: r.workflowId, comment: comment.trim() },
      { onSuccess: onChange },
    );
  };

  return (
    <Stack gap="xs" maw={900} data-testid="decision-panel">
      {/* A cancelled request's decidedBy is who cancelled: its outcome reason says so ("cancelled by …"). */}
      {r.entry?.decidedBy && r.step !== 'CANCELLED' ? (
        <Text data-testid="decided">
          {t(dm.decidedSummary, {
            by: r.entry.decidedBy,
            outcome: t(r.step === 'REJECTED' ? dm.rejected : dm.approved),
            comment: r.entry.decisionComment ?? '',
          })}
        </Text>
      ) : null}
      {ENDED.has(r.step) && r.entry?.outcomeReason ? (
        <Text size="sm" data-testid="outcome-reason">
          {t(dm.outcome, { step: t(stepLabel(r.step)), reason: r.entry.outcomeReason })}
        </Text>
      ) : null}
      {awaiting && mine ? (
        <Alert variant="outline" color="dark" data-testid="own-request">
          {t(dm.ownRequest)}
        </Alert>
      ) : awaiting && !approver ? (
        <Text size="sm">{t(dm.notApprover)}</Text>
      ) : null}
      {awaiting && r.entry?.canDecide ? (
        <>
          <Textarea
            label={t(dm.comment)}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            required
            maxLength={2000}
            autosize
            minRows={2}
            error={needComment ? t(dm.commentRequired) : undefined}
          />
          <Group>
            <Button
              color="#1b5e20"
              loading={approve.isPending}
              disabled={reject.isPending}
              onClick={() => decide('approve')}
            >
              {t(dm.approve)}
            </Button>
            <Button
              color="red.9"
              loading={reject.isPending}
              disabled={approve.isPending}
              onClick={() => decide('reject')}
            >
              {t(dm.reject)}
            </Button>
          </Group>
        </>
      ) : null}
      {error ? (
        <Alert color="red" role="alert" data-testid="decision-error">
          {t(dm.decideFailed, { message: error.message })}
        </Alert>
      ) : null}
      {!ENDED.has(r.step) && mayCancel && (mine || approver) ? (
        <Group>
          <Button
            variant="outline"
            color="red.9"
            loading={cancel.isPending}
            onClick={() => cancel.mutate({ workflowId: r.workflowId }, { onSuccess: onChange })}
          >
            {t(dm.cancel)}
          </Button>
        </Group>
      ) : null}
      {cancel.error ? (
        <Alert color="red" role="alert">
          {t(dm.cancelFailed, { message: cancel.error.message })}
        </Alert>
      ) : null}
    </Stack>
  );
}
