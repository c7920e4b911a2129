export default function ResidentPage() {
  return <div className="page" />;
}
