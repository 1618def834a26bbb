import { StatusPage } from '@/app/_components/status-page';

/** What a signed-in visitor without the admin role sees at any /admin page, sent with HTTP 403. */
export default function AdminForbidden() {
  return (
    <StatusPage code={403} title="403 — Admins only">
      This part of the shop is for the store&rsquo;s admins. If you should have access, log in with an admin
      account.
    </StatusPage>
  );
}
