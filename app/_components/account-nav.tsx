import Link from 'next/link';
import { logOutAction } from '@/app/(personal)/account/actions';

/**
 * The header's account corner: the user's name (to /account) and "Log out", or a "Log in" link. "Log out"
 * posts to the server action (which works without JavaScript too), unless the corner is the browser's,
 * which passes `logOut`: it signs out and redraws itself without leaving the page.
 */
export function AccountNav({ userName, logOut }: { userName: string | null; logOut?: () => Promise<void> }) {
  if (userName === null) {
    return (
      <Link prefetch={false} href="/login" className="text-sm font-medium text-zinc-700 hover:text-brand-700">
        Log in
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-3 text-sm">
      <Link
        prefetch={false}
        href="/account"
        data-testid="account-link"
        className="max-w-40 truncate font-medium text-zinc-800 hover:text-brand-700"
      >
        {userName}
      </Link>
      <form action={logOut ?? logOutAction}>
        <button type="submit" className="font-medium text-zinc-600 hover:text-brand-700">
          Log out
        </button>
      </form>
    </div>
  );
}
