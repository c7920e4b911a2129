export default function CompoundPage() {
  return <div className="page" />;
}
