import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";

export default function HomePage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>REST APIs</CardTitle>
      </CardHeader>
      <CardBody>
        <p className="text-sm text-slate-600">The API list arrives with the dashboard.</p>
      </CardBody>
    </Card>
  );
}
