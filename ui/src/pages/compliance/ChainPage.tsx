// Chain verification (/compliance/chain): re-computes the audit hash chain over a range of sequence
// numbers on the server and shows either how many links were checked, or the FIRST broken link with the
// expected and found hashes and the event as stored now. The range is in the URL; each press re-verifies.
import { Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { useCan } from '../../lib/viewer';
import { ChainVerdict } from './ChainVerdict';
import { complianceOfficers, NotAllowed } from './NotAllowed';

const ChainPageVerify = graphql(`
  query ChainPageVerify($fromSeq: Int, $toSeq: Int) {
    verifyAuditChain(fromSeq: $fromSeq, toSeq: $toSeq) {
      intact
      checked
      fromSeq
      toSeq
      firstBreak {
        seq
        eventId
        reason
        expectedHash
        foundHash
        event {
          id
          seq
          action
          actorName
          actorOrg
          targetId
          targetLabel
          at
          hash
          prevHash
        }
      }
    }
  }
`);

const m = defineMessages({
  title: { en: 'Audit chain verification', zh: '审计链校验' },
  intro: {
    en: 'Every audit event carries the hash of the one before it. Verification re-computes each hash from the stored events; leave a bound empty for the start or the head of the chain.',
    zh: '每个审计事件都包含前一事件的哈希。校验会根据存储的事件重新计算每个哈希；起止序号留空表示链的开头或末端。',
  },
  from: { en: 'From seq', zh: '起始序号' },
  to: { en: 'To seq', zh: '结束序号' },
  verify: { en: 'Verify', zh: '校验' },
});

const toInt = (v: string | number): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;

export function ChainPage() {
  if (!useCan('compliance')) return <ChainNotAllowed />;
  return <ChainVerification />;
}

function ChainNotAllowed() {
  const { t } = useI18n();
  return <NotAllowed who={t(complianceOfficers)} />;
}

function ChainVerification() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const num = (k: string) => (params.get(k) ? Number(params.get(k)) : undefined);
  const [from, setFrom] = useState<string | number>(num('from') ?? '');
  const [to, setTo] = useState<string | number>(num('to') ?? '');
  const requested = params.get('verify') === '1';
  const vars = { fromSeq: num('from'), toSeq: num('to') };
  // Never served from cache: the point is to read the chain as it is now.
  const report = useGql(ChainPageVerify, vars, { enabled: requested, staleTime: 0, gcTime: 0, retry: false });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    const f = toInt(from);
    const tt = toInt(to);
    if (f) p.set('from', String(f));
    if (tt) p.set('to', String(tt));
    p.set('verify', '1');
    if (p.toString() === params.toString()) void report.refetch();
    else setParams(p);
  };
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <Text>{t(m.intro)}</Text>
      <form onSubmit={submit}>
        <Group align="end">
          <NumberInput label={t(m.from)} min={1} allowDecimal={false} value={from} onChange={setFrom} />
          <NumberInput label={t(m.to)} min={1} allowDecimal={false} value={to} onChange={setTo} />
          <Button type="submit" loading={report.isFetching}>
            {t(m.verify)}
          </Button>
        </Group>
      </form>
      {report.error ? <ErrorState error={report.error} /> : null}
      {requested && report.isPending && !report.error ? <PageLoader /> : null}
      {report.data && !report.isFetching ? <ChainVerdict report={report.data.verifyAuditChain} /> : null}
    </Stack>
  );
}
