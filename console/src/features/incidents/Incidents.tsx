export default function Incidents() {
  return <div className="page" />;
}
