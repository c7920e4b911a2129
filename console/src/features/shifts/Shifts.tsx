export default function Shifts() {
  return <div className="page" />;
}
