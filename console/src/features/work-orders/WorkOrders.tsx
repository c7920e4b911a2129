export default function WorkOrders() {
  return <div className="page" />;
}
