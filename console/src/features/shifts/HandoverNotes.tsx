/** 交接班记录: the notes a post's guards leave for the next shift (newest first), and a form to add one. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Post } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

export function HandoverNotes({ posts }: { posts: readonly Post[] }) {
  const { t } = useI18n();
  const [postId, setPostId] = useState(posts[0]?.id ?? '');
  const post = posts.find((p) => p.id === postId) ?? posts[0];
  if (!post) return null;
  return (
    <Card
      title={t('handover.title')}
      actions={
        posts.length > 1 && (
          <select value={post.id} onChange={(e) => setPostId(e.target.value)} aria-label={t('shifts.post')} data-testid="handover-post">
            {posts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )
      }
    >
      <PostNotes postId={post.id} key={post.id} />
    </Card>
  );
}

function PostNotes({ postId }: { postId: string }) {
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t, lang } = useI18n();
  const path = { postId };
  const notes = useQuery({
    queryKey: queryKeys.handoverNotes(postId),
    queryFn: async () => (await must(api.GET('/api/posts/{postId}/handover-notes', { params: { path, query: { limit: 20 } } }))).notes,
  });
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () => must(api.POST('/api/posts/{postId}/handover-notes', { params: { path }, body: { text: text.trim() } })),
    onSuccess: () => {
      setText('');
      void cache.invalidateQueries({ queryKey: queryKeys.handoverNotes(postId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <>
      <form className="form" onSubmit={submit}>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={2000} placeholder={t('handover.placeholder')} data-testid="handover-text" required />
        <button type="submit" className="btn btn-primary" disabled={add.isPending || !text.trim()} data-testid="handover-submit">
          {t('handover.add')}
        </button>
      </form>
      <ErrorLine error={add.error ?? notes.error} />
      {notes.isPending && !notes.error ? (
        <Loading />
      ) : (
        <ul className="timeline" data-testid="handover-notes">
          {(notes.data ?? []).map((n) => (
            <li key={n.id} data-testid="handover-note">
              <span className="muted">
                {formatTime(n.createdAt, lang)} · {n.authorName ?? n.authorId}
              </span>
              <div className="note-text">{n.text}</div>
            </li>
          ))}
          {notes.data?.length === 0 && <li className="muted">{t('handover.empty')}</li>}
        </ul>
      )}
    </>
  );
}
