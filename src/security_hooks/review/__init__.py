"""The review layers: what runs around the pure engine because it needs state or git.

- `state`: per-session memory (turn baselines, consecutive Stop blocks, notes given),
  kept on disk so the daemon and the in-process fallback agree;
- `git` and `diff`: working-tree snapshots without touching the user's index, and the
  lines a change adds;
- `turn`: the end-of-turn review (baseline on UserPromptSubmit, diff and scan on Stop);
- `model`: the optional model-backed reviewer;
- `commit`: what a `git commit` or `git push` is about to publish (the commit gate's
  validators call it);
- `lint`, `reminders`, `untrusted`: the post-tool checks behind post.rules;
- `layers`: the object `engine.hook.handle` calls before and after `evaluate`.
"""
