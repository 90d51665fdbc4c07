// Turns an ApiError into what the page says about it (in Japanese), keeping
// the server's own message visible for server errors.

export function describeError(error) {
  if (error && error.kind === 'network') {
    return {
      kind: 'network',
      title: 'サーバーに接続できません',
      advice: 'sasae-server が起動しているか、ネットワークにつながっているかを確認してください。復旧したら「再試行」を押してください。',
      detail: '',
    };
  }
  const status = error && error.status ? error.status : 0;
  const code = error && error.code ? error.code : 'unknown';
  const message = error && error.message ? error.message : '';
  let title = `サーバーエラーが発生しました (HTTP ${status})`;
  let advice = 'しばらくしてから再試行してください。続く場合は管理者に以下のメッセージを伝えてください。';
  if (status === 503 || code === 'index_unavailable') {
    title = `索引を利用できません (HTTP ${status})`;
    advice = '索引がまだ作られていないか、更新中の可能性があります。sasae-index を実行してから再試行してください。';
  } else if (status === 413 || code === 'draft_too_large') {
    title = `入力が大きすぎます (HTTP ${status})`;
    advice = '下書きを短くしてください。';
  } else if (status === 401 || code === 'unauthorized') {
    title = `API トークンが必要です (HTTP ${status})`;
    advice = 'このサーバーは API トークンを求めています。「再試行」を押すと、トークンの入力欄をもう一度表示します。';
  } else if (status === 404) {
    title = `見つかりません (HTTP ${status})`;
    advice = '文書が削除されたか、ID が変わった可能性があります。';
  } else if (status >= 400 && status < 500) {
    title = `リクエストが受け付けられませんでした (HTTP ${status})`;
    advice = '入力内容を見直してください。';
  }
  return { kind: 'http', title, advice, detail: `サーバーからのメッセージ: ${message} [${code}]` };
}
