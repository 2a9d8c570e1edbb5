import { NotFoundView } from "@/components/apis/not-found-view";

/** Any unknown URL: the styled 404 with the way back to the list. */
export default function NotFound() {
  return <NotFoundView title="Page not found" detail="Nothing lives at this address in BinaryGate." />;
}
