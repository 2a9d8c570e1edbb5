import { NotFoundView } from "@/components/apis/not-found-view";

/** An id that is not a REST API id, or one the target does not have: HTTP 404, never a Retry. */
export default function ApiNotFound() {
  return (
    <NotFoundView
      title="REST API not found"
      detail="The target has no REST API with this id in this region. It may have been deleted, or it lives in another region or account."
    />
  );
}
